import { SwapOutlined } from "@ant-design/icons";
import { Alert, App, Button, Flex, Modal, Result, Skeleton, Table, Typography, type ButtonProps, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { Customer360MergeMutation, Customer360MergePreviewQuery } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_MERGE_MUTATION } from "../graphql/customer360MergeMutation";
import { useCustomer360MergePreviewQuery } from "../hooks/useCustomer360MergePreviewQuery";
import { customerMergePreviewAccess } from "../utils/customerAccess";

type CustomerRef = { id: string; name: string };

type CustomerMergeModalProps = {
  open: boolean;
  /** The customer whose page this is (kept by default). */
  current: CustomerRef;
  /** Its likely duplicate. */
  other: CustomerRef;
  onClose: () => void;
  /** After a merge, with the customer that stayed. */
  onMerged: (survivorId: string) => void;
};

type MergeCount = Customer360MergeMutation["customerMerge"]["moved"][number];

type Counts = NonNullable<Customer360MergePreviewQuery["survivor"]>;

const PREVIEW_ROWS = ["contacts", "orders", "activities", "tickets", "opportunities", "tasks", "tags"] as const;
type PreviewRow = (typeof PREVIEW_ROWS)[number];

const countOf = (counts: Counts | null | undefined, row: PreviewRow): number | undefined => {
  if (!counts) return undefined;
  switch (row) {
    case "contacts":
      return counts.contacts?.length;
    case "orders":
      return counts.orders?.totalCount;
    case "activities":
      return counts.activities?.totalCount;
    case "tickets":
      return counts.tickets?.length;
    case "opportunities":
      return counts.opportunities?.length;
    case "tasks":
      return counts.tasks?.length;
    case "tags":
      return counts.tags?.length;
  }
};

const MERGE_KINDS = ["contacts", "contact_points", "orders", "activities", "tasks", "tags", "tickets", "opportunities", "leads"] as const;
type MergeKind = (typeof MERGE_KINDS)[number];
const isMergeKind = (kind: string): kind is MergeKind => (MERGE_KINDS as readonly string[]).includes(kind);

type PreviewLine = { key: PreviewRow; survivor?: number; merged?: number };

const DANGER_OK: ButtonProps & { "data-testid": string } = { danger: true, "data-testid": "merge-confirm" };

/**
 * Merging two customers: first what each holds and what the kept one will hold, then a confirmation, then
 * what actually moved.
 */
export const CustomerMergeModal = ({ open, current, other, onClose, onMerged }: CustomerMergeModalProps) => {
  const { t } = useTranslation("customers");
  const { t: tc } = useTranslation("common");
  const { modal } = App.useApp();
  const permissions = usePermissions();
  const access = useMemo(() => customerMergePreviewAccess(permissions), [permissions]);
  const [keepCurrent, setKeepCurrent] = useState(true);
  const [moved, setMoved] = useState<MergeCount[] | null>(null);
  const [mergeError, setMergeError] = useState<string | null>(null);
  const errorText = useMutationErrorText();
  const [{ fetching: merging }, merge] = useMutation(CUSTOMER_360_MERGE_MUTATION);

  const survivor = keepCurrent ? current : other;
  const merged = keepCurrent ? other : current;
  const [{ data, error, fetching }, reexecute] = useCustomer360MergePreviewQuery(
    { survivorId: survivor.id, mergedId: merged.id, ...access },
    !open || moved !== null,
  );

  const lines: PreviewLine[] = PREVIEW_ROWS.filter((row) => {
    const flag = { contacts: "withContacts", orders: "withOrders", activities: "withActivities", tickets: "withTickets", opportunities: "withOpportunities", tasks: "withTasks", tags: "withTags" } as const;
    return access[flag[row]];
  }).map((row) => ({ key: row, survivor: countOf(data?.survivor, row), merged: countOf(data?.merged, row) }));

  const columns: TableColumnsType<PreviewLine> = [
    { title: t("merge.what"), key: "what", render: (_, line) => t(`merge.kind.${line.key}`) },
    { title: t("merge.survivor", { name: survivor.name }), key: "survivor", align: "right", render: (_, line) => line.survivor ?? "—" },
    { title: t("merge.merged", { name: merged.name }), key: "merged", align: "right", render: (_, line) => line.merged ?? "—" },
    {
      title: t("merge.after"),
      key: "after",
      align: "right",
      render: (_, line) => <Typography.Text strong>{(line.survivor ?? 0) + (line.merged ?? 0)}</Typography.Text>,
    },
  ];

  const runMerge = async () => {
    setMergeError(null);
    const result = await merge({ input: { survivorId: survivor.id, mergedId: merged.id } });
    const payload = result.data?.customerMerge;
    const problem = errorText({ error: result.error, payload }, t("merge.failed"));
    if (problem || !payload) {
      setMergeError(problem);
      return;
    }
    setMoved(payload.moved);
  };

  const confirm = () =>
    modal.confirm({
      title: t("merge.confirmTitle"),
      content: t("merge.confirmContent", { merged: merged.name, survivor: survivor.name }),
      okText: t("merge.submit"),
      cancelText: tc("cancel"),
      okButtonProps: DANGER_OK,
      onOk: runMerge,
    });

  const close = () => {
    const done = moved !== null;
    setMoved(null);
    setMergeError(null);
    setKeepCurrent(true);
    if (done) onMerged(survivor.id);
    else onClose();
  };

  return (
    <Modal
      open={open}
      title={t("merge.title")}
      width={720}
      onCancel={close}
      footer={
        moved !== null ? (
          <Button type="primary" onClick={close} data-testid="merge-done">
            {survivor.id === current.id ? tc("close") : t("merge.openSurvivor")}
          </Button>
        ) : (
          <Flex justify="space-between">
            <Button icon={<SwapOutlined />} onClick={() => setKeepCurrent((keep) => !keep)} disabled={merging} data-testid="merge-swap">
              {t("merge.swap")}
            </Button>
            <Flex gap={8}>
              <Button onClick={close}>{tc("cancel")}</Button>
              <Button type="primary" danger onClick={confirm} loading={merging} disabled={!data || fetching} data-testid="merge-submit">
                {t("merge.submit")}
              </Button>
            </Flex>
          </Flex>
        )
      }
      data-testid="merge-modal"
    >
      {moved !== null ? (
        <Result
          status="success"
          title={t("merge.done")}
          subTitle={t("merge.doneSubtitle", { merged: merged.name, survivor: survivor.name })}
          extra={
            <Table<MergeCount>
              scroll={{ x: "max-content" }}
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={moved.filter((count) => count.count > 0)}
              columns={[
                { title: t("merge.what"), key: "kind", render: (_, count) => (isMergeKind(count.kind) ? t(`merge.kind.${count.kind}`) : count.kind) },
                { title: t("merge.moved"), dataIndex: "count", align: "right" },
              ]}
              data-testid="merge-moved"
            />
          }
        />
      ) : (
        <>
          <Alert type="warning" showIcon title={t("merge.explain")} style={{ marginBottom: 16 }} />
          {mergeError && <Alert type="error" showIcon title={mergeError} style={{ marginBottom: 16 }} data-testid="merge-error" />}
          {error && !data ? (
            <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          ) : !data ? (
            <Skeleton active paragraph={{ rows: 5 }} />
          ) : (
            <Table<PreviewLine> size="small" rowKey="key" scroll={{ x: "max-content" }} pagination={false} columns={columns} dataSource={lines} data-testid="merge-preview" />
          )}
        </>
      )}
    </Modal>
  );
};
