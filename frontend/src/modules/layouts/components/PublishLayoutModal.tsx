import { Alert, App, Button, Form, List, Modal, Popconfirm, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { DashboardPage } from "../../../generated/graphql";
import { useRoleLabel } from "../../auth/hooks/useRoleLabel";
import { ROLE_NAMES } from "../../auth/utils/roleNames";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { useDashboardLayoutUnpublish, usePublishedLayoutsQuery } from "../hooks/usePublishedLayouts";

/** Staff roles a layout may be published to. */
const STAFF_ROLES = ROLE_NAMES.filter((role) => role !== "customer" && role !== "anonymous");

type PublishLayoutModalProps = {
  page: DashboardPage;
  open: boolean;
  publishing: boolean;
  /** Publishes to `role`, replacing the published layout of `version` (null: none is published); true when done. */
  onPublish: (role: string, version: number | null) => Promise<boolean>;
  onClose: () => void;
};

/**
 * An administrator publishes the layout being arranged to a role. The dialog lists the layouts already published
 * (with a way to take one back), warns before replacing one and names the version it replaces, so that two
 * administrators never overwrite each other's layout unknowingly (a stale version answers CONFLICT; the list is
 * read again).
 */
export const PublishLayoutModal = ({ page, open, publishing, onPublish, onClose }: PublishLayoutModalProps) => {
  const { t } = useTranslation("dashboards");
  const { message } = App.useApp();
  const format = useFormatters();
  const roleLabel = useRoleLabel();
  const errorText = useMutationErrorText();
  const [role, setRole] = useState<string | null>(null);
  const [{ data }, refetch] = usePublishedLayoutsQuery(page, !open);
  const [{ fetching: unpublishing }, unpublish] = useDashboardLayoutUnpublish();
  const published = data?.publishedDashboardLayouts ?? [];
  const replaced = published.find((layout) => layout.role === role) ?? null;
  const reload = () => refetch({ requestPolicy: "network-only" });

  const onOk = async () => {
    if (!role) return;
    if (await onPublish(role, replaced?.version ?? null)) setRole(null);
    else reload();
  };
  const onUnpublish = async (name: string) => {
    const result = await unpublish({ input: { page, role: name } });
    const problem = errorText({ error: result.error, payload: result.data?.dashboardLayoutUnpublish }, t("layouts.saveFailed"));
    if (problem) void message.error(problem);
    else void message.success(t("layouts.unpublished", { role: roleLabel(name) }));
    reload();
  };

  return (
    <Modal
      open={open}
      title={t("layouts.publishTitle")}
      okText={replaced ? t("layouts.replaceOk") : t("layouts.publishOk")}
      cancelText={t("layouts.cancel")}
      confirmLoading={publishing}
      // Not held back while the list loads: without it the version sent is null, and a published layout answers
      // CONFLICT (the list is read again), so nothing is overwritten unknowingly.
      okButtonProps={{ disabled: !role, "data-testid": "publish-ok" }}
      onOk={() => void onOk()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t("layouts.publishHint")}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t("layouts.publishRole")}>
          <Select
            data-testid="publish-role"
            value={role}
            onChange={setRole}
            options={STAFF_ROLES.map((name) => ({
              value: name,
              label: published.some((layout) => layout.role === name) ? t("layouts.roleHasLayout", { role: roleLabel(name) }) : roleLabel(name),
            }))}
          />
        </Form.Item>
      </Form>
      {replaced && (
        <Alert
          type="warning"
          showIcon
          data-testid="publish-replaces"
          message={t("layouts.replaceWarning", { role: roleLabel(replaced.role ?? ""), time: format.dateTime(replaced.updatedAt), count: replaced.widgets.length })}
        />
      )}
      {published.length > 0 && (
        <List
          size="small"
          style={{ marginTop: 16 }}
          header={<Typography.Text strong>{t("layouts.publishedList")}</Typography.Text>}
          dataSource={published}
          data-testid="published-layouts"
          renderItem={(layout) => (
            <List.Item
              actions={[
                <Popconfirm
                  key="unpublish"
                  title={t("layouts.unpublishConfirm", { role: roleLabel(layout.role ?? "") })}
                  okText={t("layouts.unpublish")}
                  cancelText={t("layouts.cancel")}
                  onConfirm={() => void onUnpublish(layout.role ?? "")}
                >
                  <Button size="small" danger loading={unpublishing} data-testid={`unpublish-${layout.role ?? ""}`}>
                    {t("layouts.unpublish")}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={roleLabel(layout.role ?? "")}
                description={t("layouts.publishedAt", { time: format.dateTime(layout.updatedAt), count: layout.widgets.length })}
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
};
