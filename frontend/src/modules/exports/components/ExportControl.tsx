import { DownloadOutlined, HistoryOutlined } from "@ant-design/icons";
import { Button, Form, Modal, Radio, Space, Tooltip, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { ExportFormat, ExportList } from "../../../generated/graphql";
import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { EXPORT_START_MUTATION } from "../graphql/exportStartMutation";
import { MyExportsDrawer } from "./MyExportsDrawer";

/** The form's values: `list` only where there is a choice (a single list's form has no such field). */
type ExportFormValues = { list?: ExportList; format: ExportFormat };

export type ExportControlProps = {
  /** What can be exported from this list: the list itself first (the customers list: also their contacts, orders). */
  lists: readonly [ExportList, ...ExportList[]];
  /** Exactly the variables the list's query is sent with, less paging: its filter (and the customers' search, sort). */
  variables: Record<string, unknown>;
  /** While the list has not loaded the variables it shows. */
  disabled?: boolean;
  /** Test ids: `<testId>`, `<testId>-mine`. */
  testId: string;
};

/**
 * Export beside a list: pick what and CSV or XLSX, queue `exportStart` with the list's current variables, then
 * follow it in My exports (also reachable from here) until it can be downloaded.
 */
export const ExportControl = ({ lists, variables, disabled = false, testId }: ExportControlProps) => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const [form] = Form.useForm<ExportFormValues>();
  const [choosing, setChoosing] = useState(false);
  const [following, setFollowing] = useState(false);
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, start] = useMutation(EXPORT_START_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["list", "format"] as const, failed: t("exports.startFailed") });
  const canStart = permissions.canMutate("exportStart");
  const canFollow = permissions.canQuery("myExports");
  if (!canStart && !canFollow) return null;

  const open = () => {
    formErrors.clear();
    form.resetFields();
    setChoosing(true);
  };

  const submit = async (values: ExportFormValues) => {
    formErrors.clear();
    const result = await start({ input: { list: values.list ?? lists[0], format: values.format, variables } });
    // The server reads the list as the viewer first: a list or filter their roles may not read is refused.
    if (hasGraphqlErrorCode(result.error, "FORBIDDEN")) {
      formErrors.show(t("exports.forbidden"));
      return;
    }
    const payload = formErrors.check({ error: result.error, payload: result.data?.exportStart });
    if (!payload?.export) return;
    setChoosing(false);
    void messageApi.success(t("exports.started"));
    if (canFollow) setFollowing(true);
  };

  const listLabel = t(`exports.lists.${lists[0]}`);
  return (
    <>
      {messageHolder}
      <Space.Compact>
        {canStart && (
          <Button icon={<DownloadOutlined />} disabled={disabled} onClick={open} aria-label={t("exports.exportList", { list: listLabel })} data-testid={testId}>
            {t("exports.export")}
          </Button>
        )}
        {canFollow && (
          <Tooltip title={t("exports.mine")}>
            <Button icon={<HistoryOutlined />} onClick={() => setFollowing(true)} aria-label={t("exports.mine")} data-testid={`${testId}-mine`} />
          </Tooltip>
        )}
      </Space.Compact>
      <Modal
        open={choosing}
        title={t("exports.title", { list: listLabel })}
        onCancel={() => setChoosing(false)}
        destroyOnHidden
        footer={[
          canFollow && (
            <Button
              key="mine"
              type="link"
              onClick={() => {
                setChoosing(false);
                setFollowing(true);
              }}
              data-testid="export-form-mine"
            >
              {t("exports.mine")}
            </Button>
          ),
          <Button key="cancel" onClick={() => setChoosing(false)}>
            {t("exports.cancel")}
          </Button>,
          <Button key="start" type="primary" loading={fetching} onClick={() => form.submit()} data-testid="export-form-start">
            {t("exports.start")}
          </Button>,
        ]}
      >
        <FormErrorAlert error={formErrors.error} testId="export-form" />
        <Form<ExportFormValues>
          form={form}
          layout="vertical"
          initialValues={{ list: lists[0], format: "XLSX" }}
          onFinish={(values) => void submit(values)}
          data-testid="export-form"
        >
          {lists.length > 1 && (
            <Form.Item name="list" label={t("exports.what")}>
              <Radio.Group
                data-testid="export-form-list"
                options={lists.map((list) => ({ value: list, label: t(`exports.lists.${list}`) }))}
                style={{ display: "flex", flexDirection: "column", gap: 8 }}
              />
            </Form.Item>
          )}
          <Form.Item name="format" label={t("exports.format")}>
            <Radio.Group
              data-testid="export-form-format"
              options={[
                { value: "XLSX", label: t("exports.formats.XLSX") },
                { value: "CSV", label: t("exports.formats.CSV") },
              ]}
            />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("exports.scopeHint")}
        </Typography.Paragraph>
      </Modal>
      {canFollow && <MyExportsDrawer open={following} onClose={() => setFollowing(false)} />}
    </>
  );
};
