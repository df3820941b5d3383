import { Alert, Button, Card, Flex, Form, Input, Popconfirm, Table, message } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { CursorPager } from "../../ui/components/CursorPager";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { useFormErrors, useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { SUPPRESSION_ADD_MUTATION } from "./suppressionAddMutation";
import { SUPPRESSION_REMOVE_MUTATION } from "./suppressionRemoveMutation";
import { SUPPRESSIONS_QUERY } from "./suppressionsQuery";

type AddValues = { address: string; reason?: string };

/** The suppression list (masked addresses nothing marketing is sent to): add by email or phone, remove with confirm. */
export const SuppressionList = () => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const pages = useCursorPages("");
  const context = useMemo(() => ({ additionalTypenames: ["MarketingSuppression"] }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: SUPPRESSIONS_QUERY, variables: { first: 20, after: pages.after }, context });
  const [form] = Form.useForm<AddValues>();
  const [{ fetching: adding }, add] = useMutation(SUPPRESSION_ADD_MUTATION);
  const [, remove] = useMutation(SUPPRESSION_REMOVE_MUTATION);
  const errors = useFormErrors(form, { fields: ["address", "reason"], failed: t("common.failed") });
  const errorText = useMutationErrorText();
  const [messageApi, holder] = message.useMessage();
  // A refused remove stays on the card (a toast vanished before it was read).
  const [problem, setProblem] = useState<string | null>(null);
  const reload = () => reexecute({ requestPolicy: "network-only" });
  const submit = async (values: AddValues) => {
    errors.clear();
    const result = await add({ input: { address: values.address.trim(), reason: values.reason?.trim() || null } });
    if (!errors.check({ error: result.error, payload: result.data?.suppressionAdd })) return;
    form.resetFields();
    void messageApi.success(t("consent.added"));
    reload();
  };
  const connection = data?.suppressions;
  if (error && !data) {
    return (
      <Card size="small" title={t("consent.suppressions")}>
        <RequestFailedResult error={error} onRetry={reload} />
      </Card>
    );
  }
  return (
    <Card size="small" title={t("consent.suppressions")}>
      {holder}
      {problem && (
        <Alert type="error" showIcon role="alert" title={problem} data-testid="suppression-remove-error" style={{ marginBottom: 12 }} />
      )}
      {permissions.canMutate("suppressionAdd") && (
        <>
          <FormErrorAlert error={errors.error} testId="suppression-add" />
          <Form form={form} layout="inline" onFinish={submit} style={{ marginBottom: 12, rowGap: 8 }}>
            <Form.Item name="address" rules={[{ required: true, whitespace: true }]}>
              <Input placeholder={t("consent.address")} aria-label={t("consent.address")} style={{ width: 220 }} data-testid="suppression-address" />
            </Form.Item>
            <Form.Item name="reason">
              <Input placeholder={t("consent.reason")} aria-label={t("consent.reason")} style={{ width: 180 }} />
            </Form.Item>
            <Button htmlType="submit" loading={adding} data-testid="suppression-add">
              {t("consent.add")}
            </Button>
          </Form>
        </>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={fetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={connection?.nodes ?? []}
        columns={[
          { key: "masked", title: t("consent.address"), dataIndex: "masked" },
          { key: "kind", title: t("consent.kind"), render: (_, row) => t(`consent.kindName.${row.kind === "phone" ? "phone" : "email"}`) },
          { key: "reason", title: t("consent.reason"), render: (_, row) => row.reason ?? "—" },
          {
            key: "actions",
            title: "",
            render: (_, row) =>
              permissions.canMutate("suppressionRemove") && (
                <Popconfirm
                  title={t("consent.removeConfirm", { address: row.masked })}
                  onConfirm={async () => {
                    setProblem(null);
                    const result = await remove({ input: { suppressionId: row.id } }, { additionalTypenames: ["MarketingSuppression"] });
                    const failure = errorText({ error: result.error, payload: result.data?.suppressionRemove }, t("common.failed"));
                    setProblem(failure);
                    if (!failure) reload();
                  }}
                >
                  <Button type="link" danger size="small">
                    {t("common.remove")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Flex>
        <CursorPager pages={pages} pageInfo={connection?.pageInfo ?? null} totalCount={connection?.totalCount ?? null} testId="suppression-pager" />
      </Flex>
    </Card>
  );
};
