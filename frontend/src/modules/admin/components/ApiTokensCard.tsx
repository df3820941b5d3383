import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, DatePicker, Empty, Form, Input, Modal, Popconfirm, Select, Table, Tag, message } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { AdminApiTokensQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useFormErrors, useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { ADMIN_API_TOKEN_CREATE_MUTATION } from "../graphql/adminApiTokenCreateMutation";
import { ADMIN_API_TOKEN_REVOKE_MUTATION } from "../graphql/adminApiTokenRevokeMutation";
import { ADMIN_API_TOKENS_QUERY } from "../graphql/adminApiTokensQuery";
import { ADMIN_USERS_QUERY } from "../graphql/adminUsersQuery";
import { rowTestId } from "../utils/rowTestId";
import { tokenWorks } from "../utils/tokenWorks";
import { SecretOnceModal } from "./SecretOnceModal";

type Token = AdminApiTokensQuery["apiTokens"][number];
type TokenFormValues = { name: string; userId: string; expiresAt?: Dayjs | null };

const TokenFormModal = ({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<TokenFormValues>();
  const [{ data: users }] = useQuery({ query: ADMIN_USERS_QUERY, variables: { first: 100 } });
  const [{ fetching }, create] = useMutation(ADMIN_API_TOKEN_CREATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["name", "userId", "expiresAt"] as const, failed: t("admin:errors.saveFailed") });

  const submit = async (values: TokenFormValues) => {
    formErrors.clear();
    const result = await create({
      input: { name: values.name.trim(), userId: values.userId, expiresAt: values.expiresAt ? values.expiresAt.toISOString() : null },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.apiTokenCreate });
    if (payload?.secret) onCreated(payload.secret);
  };

  return (
    <Modal open title={t("admin:integrations.tokens.create")} okText={t("common:save")} cancelText={t("common:cancel")} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching} destroyOnHidden>
      <FormErrorAlert error={formErrors.error} onReload={onClose} testId="form" />
      <Form<TokenFormValues> form={form} layout="vertical" data-testid="api-token-form" onFinish={(values) => void submit(values)}>
        <Form.Item name="name" label={t("admin:integrations.tokens.name")} extra={t("admin:integrations.tokens.nameHint")} rules={[{ required: true, whitespace: true, message: t("admin:integrations.tokens.nameRequired") }]}>
          <Input data-testid="api-token-name" />
        </Form.Item>
        <Form.Item name="userId" label={t("admin:integrations.tokens.user")} extra={t("admin:integrations.tokens.userHint")} rules={[{ required: true, message: t("admin:integrations.tokens.userRequired") }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="api-token-user"
            options={(users?.users.nodes ?? []).filter((user) => user.active).map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))}
          />
        </Form.Item>
        <Form.Item name="expiresAt" label={t("admin:integrations.tokens.expiresAt")} extra={t("admin:integrations.tokens.expiresHint")}>
          <DatePicker showTime style={{ width: "100%" }} data-testid="api-token-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
};

/** Admin > Integrations: the API tokens other systems (and webhook payloads) act as. */
export const ApiTokensCard = () => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const [{ data, fetching, error }, reload] = useQuery({ query: ADMIN_API_TOKENS_QUERY, requestPolicy: "cache-and-network" });
  const [, revoke] = useMutation(ADMIN_API_TOKEN_REVOKE_MUTATION);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => reload({ requestPolicy: "network-only" });

  const revokeToken = async (token: Token) => {
    const result = await revoke({ input: { id: token.id } });
    const problem = errorText({ error: result.error, payload: result.data?.apiTokenRevoke }, t("admin:errors.saveFailed"));
    if (problem) void messageApi.error(problem);
    else void messageApi.success(t("admin:integrations.tokens.revoked"));
    refresh();
  };

  return (
    <Card
      title={t("admin:integrations.tokens.title")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="api-token-create">
          {t("admin:integrations.tokens.create")}
        </Button>
      }
    >
      {messageHolder}
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={refresh} />
      ) : (
        <Table<Token>
          size="small"
          rowKey="id"
          scroll={{ x: "max-content" }}
          loading={fetching && !data}
          pagination={false}
          dataSource={data?.apiTokens ?? []}
          onRow={(token) => rowTestId(`api-token-row-${token.name}`)}
          locale={{ emptyText: <Empty description={t("admin:integrations.tokens.empty")} /> }}
          columns={[
            { title: t("admin:integrations.tokens.name"), dataIndex: "name", key: "name" },
            { title: t("admin:integrations.tokens.prefix"), key: "prefix", render: (_, token) => <code>{token.prefix}…</code> },
            { title: t("admin:integrations.tokens.user"), key: "user", render: (_, token) => token.user?.name ?? "-" },
            { title: t("admin:integrations.tokens.lastUsedAt"), key: "lastUsedAt", render: (_, token) => (token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t("admin:integrations.tokens.never")) },
            { title: t("admin:integrations.tokens.expiresAt"), key: "expiresAt", render: (_, token) => (token.expiresAt ? format.dateTime(token.expiresAt) : "-") },
            {
              title: t("admin:integrations.status"),
              key: "status",
              render: (_, token) =>
                tokenWorks(token) ? <Tag color="green">{t("admin:integrations.tokens.active")}</Tag> : <Tag>{token.revokedAt ? t("admin:integrations.tokens.revokedTag") : t("admin:integrations.tokens.expired")}</Tag>,
            },
            {
              title: t("admin:users.actions"),
              key: "actions",
              render: (_, token) =>
                token.revokedAt ? null : (
                  <Popconfirm title={t("admin:integrations.tokens.revokeConfirm", { name: token.name })} okText={t("common:confirm")} cancelText={t("common:cancel")} okButtonProps={{ danger: true }} onConfirm={() => revokeToken(token)}>
                    <Button type="link" danger data-testid={`api-token-revoke-${token.name}`}>
                      {t("admin:integrations.tokens.revoke")}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      {creating && (
        <TokenFormModal
          onClose={() => setCreating(false)}
          onCreated={(issued) => {
            setCreating(false);
            setSecret(issued);
            refresh();
          }}
        />
      )}
      {secret && <SecretOnceModal title={t("admin:integrations.tokens.secretTitle")} secret={secret} onClose={() => setSecret(null)} testId="api-token-secret" />}
    </Card>
  );
};
