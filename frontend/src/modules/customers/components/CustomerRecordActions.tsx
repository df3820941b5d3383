import { DownOutlined, InboxOutlined, RollbackOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, type ButtonProps, type MenuProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_ARCHIVE_MUTATION } from "../graphql/customer360ArchiveMutation";
import { useUnarchiveCustomer } from "../hooks/useUnarchiveCustomer";
import { PoolReleaseModal } from "./PoolReleaseModal";

/** The archive toast: what happened, and the undo. */
const UndoNotice = ({ text, undoLabel, onUndo }: { text: string; undoLabel: string; onUndo: () => void }) => (
  <span data-testid="archive-done">
    {text}{" "}
    <Button size="small" type="link" onClick={onUndo} data-testid="archive-undo">
      {undoLabel}
    </Button>
  </span>
);

type RecordCustomer = {
  id: string;
  version: number;
  name: string;
  archivedAt?: string | null;
  poolStatus?: string | null;
  owner?: { id: string } | null;
};

type CustomerRecordActionsProps = {
  customer: RecordCustomer;
  canArchive: boolean;
  canRelease: boolean;
  onChanged: () => void;
  /** The customer went back to the public pool (the viewer may no longer see it). */
  onReleased: () => void;
};

/**
 * "More" actions on a customer: archive it (asked first; the toast offers an undo, and the page's archived
 * banner unarchives it later), give it back to the public pool.
 */
export const CustomerRecordActions = ({ customer, canArchive, canRelease, onChanged, onReleased }: CustomerRecordActionsProps) => {
  const { t } = useTranslation("customers");
  const { message, modal } = App.useApp();
  const errorText = useMutationErrorText();
  const [, archive] = useMutation(CUSTOMER_360_ARCHIVE_MUTATION);
  const unarchive = useUnarchiveCustomer(onChanged);
  const [releasing, setReleasing] = useState(false);
  const archived = Boolean(customer.archivedAt);
  const owned = customer.poolStatus === "PRIVATE" && customer.owner !== null;

  const archiveNow = async () => {
    const result = await archive({ input: { id: customer.id, version: customer.version } });
    const error = errorText({ error: result.error, payload: result.data?.customerArchive }, t("archive.failed"));
    if (error) {
      void message.error(error);
      onChanged();
      return;
    }
    const version = result.data?.customerArchive.customer?.version ?? customer.version + 1;
    const key = `archive-${customer.id}`;
    const undo = () => {
      message.destroy(key);
      void unarchive({ id: customer.id, version });
    };
    void message.success({
      key,
      duration: 8,
      content: <UndoNotice text={t("archive.done", { name: customer.name })} undoLabel={t("archive.undo")} onUndo={undo} />,
    });
    onChanged();
  };

  const confirmArchive = () =>
    modal.confirm({
      title: t("archive.confirmTitle", { name: customer.name }),
      content: t("archive.confirmBody"),
      okText: t("archive.confirm"),
      okButtonProps: { danger: true, "data-testid": "archive-confirm" } as ButtonProps,
      cancelText: t("archive.cancel"),
      onOk: archiveNow,
    });

  const items: MenuProps["items"] = [];
  if (canRelease && owned && !archived)
    items.push({ key: "release", icon: <RollbackOutlined />, label: <span data-testid="customer-release">{t("release.open")}</span> });
  if (canArchive && !archived)
    items.push({ key: "archive", icon: <InboxOutlined />, danger: true, label: <span data-testid="customer-archive">{t("archive.open")}</span> });
  if (items.length === 0) return null;
  return (
    <>
      <Dropdown
        trigger={["click"]}
        menu={{ items, onClick: ({ key }) => (key === "archive" ? confirmArchive() : setReleasing(true)) }}
      >
        <Button data-testid="customer-more">
          {t("detail.more")} <DownOutlined />
        </Button>
      </Dropdown>
      {releasing && (
        <PoolReleaseModal
          customerId={customer.id}
          customerName={customer.name}
          onClose={() => setReleasing(false)}
          onReleased={onReleased}
        />
      )}
    </>
  );
};
