import { Checkbox, Col, Form, Input, Modal, Row, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { AdminWebhookEndpointFieldsFragment } from "../../../generated/graphql";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { WEBHOOK_EVENT_GROUPS } from "../constants/webhookEventTypes";
import { tokenWorks } from "../utils/tokenWorks";
import { ADMIN_API_TOKENS_QUERY } from "../graphql/adminApiTokensQuery";
import { ADMIN_WEBHOOK_ENDPOINT_CREATE_MUTATION } from "../graphql/adminWebhookEndpointCreateMutation";
import { ADMIN_WEBHOOK_ENDPOINT_UPDATE_MUTATION } from "../graphql/adminWebhookEndpointUpdateMutation";

export type WebhookEndpoint = AdminWebhookEndpointFieldsFragment;

type WebhookFormValues = { name: string; url: string; events: string[]; apiTokenId: string };

type WebhookFormModalProps = {
  /** The endpoint to change; null subscribes a new one. */
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  /** Saved; `secret` only for a new endpoint (shown once). */
  onSaved: (secret: string | null) => void;
};

/** Subscribe a URL to domain events, or change one: name, URL, events, and the token whose policy shapes payloads. */
export const WebhookFormModal = ({ endpoint, onClose, onSaved }: WebhookFormModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [{ data: tokenData }] = useQuery({ query: ADMIN_API_TOKENS_QUERY, requestPolicy: "cache-and-network" });
  const tokens = (tokenData?.apiTokens ?? [])
    .filter((token) => tokenWorks(token) || token.id === endpoint?.apiTokenId)
    .map((token) => ({ id: token.id, label: `${token.name} · ${token.user?.name ?? "-"} (${token.prefix}…)` }));
  const [form] = Form.useForm<WebhookFormValues>();
  const [{ fetching: creating }, create] = useMutation(ADMIN_WEBHOOK_ENDPOINT_CREATE_MUTATION);
  const [{ fetching: updating }, update] = useMutation(ADMIN_WEBHOOK_ENDPOINT_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["name", "url", "events", "apiTokenId"] as const, failed: t("admin:errors.saveFailed") });

  const submit = async (values: WebhookFormValues) => {
    formErrors.clear();
    const input = { name: values.name.trim(), url: values.url.trim(), events: values.events, apiTokenId: values.apiTokenId };
    if (endpoint === null) {
      const result = await create({ input });
      const payload = formErrors.check({ error: result.error, payload: result.data?.webhookEndpointCreate });
      if (payload) onSaved(payload.secret ?? null);
      return;
    }
    const result = await update({ input: { ...input, id: endpoint.id, version: endpoint.version } });
    if (formErrors.check({ error: result.error, payload: result.data?.webhookEndpointUpdate })) onSaved(null);
  };

  return (
    <Modal
      open
      width={640}
      title={endpoint ? t("admin:integrations.webhooks.editTitle", { name: endpoint.name }) : t("admin:integrations.webhooks.create")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={creating || updating}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} onReload={onClose} testId="form" />
      <Form<WebhookFormValues>
        form={form}
        layout="vertical"
        data-testid="webhook-form"
        initialValues={endpoint ? { name: endpoint.name, url: endpoint.url, events: endpoint.events, apiTokenId: endpoint.apiTokenId } : { events: [] }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label={t("admin:integrations.webhooks.name")} rules={[{ required: true, whitespace: true, message: t("admin:integrations.webhooks.nameRequired") }]}>
          <Input data-testid="webhook-name" placeholder={t("admin:integrations.webhooks.namePlaceholder")} />
        </Form.Item>
        <Form.Item name="url" label={t("admin:integrations.webhooks.url")} extra={t("admin:integrations.webhooks.urlHint")} rules={[{ required: true, whitespace: true, message: t("admin:integrations.webhooks.urlRequired") }]}>
          <Input data-testid="webhook-url" placeholder="https://erp.example.com/rapport-hooks" inputMode="url" />
        </Form.Item>
        <Form.Item name="apiTokenId" label={t("admin:integrations.webhooks.token")} extra={t("admin:integrations.webhooks.tokenHint")} rules={[{ required: true, message: t("admin:integrations.webhooks.tokenRequired") }]}>
          <Select data-testid="webhook-token" options={tokens.map((token) => ({ value: token.id, label: token.label }))} notFoundContent={t("admin:integrations.webhooks.noTokens")} />
        </Form.Item>
        <Form.Item name="events" label={t("admin:integrations.webhooks.events")} rules={[{ required: true, type: "array", min: 1, message: t("admin:integrations.webhooks.eventsRequired") }]}>
          <Checkbox.Group style={{ width: "100%" }} data-testid="webhook-events">
            <Row gutter={[16, 8]}>
              {WEBHOOK_EVENT_GROUPS.map((group) => (
                <Col xs={24} sm={12} key={group.entity}>
                  <Typography.Text strong>{t(`admin:integrations.entities.${group.entity}`)}</Typography.Text>
                  {group.events.map((event) => (
                    <div key={event}>
                      <Checkbox value={event} data-testid={`webhook-event-${event}`}>
                        {t(`admin:integrations.events.${event}`)}
                      </Checkbox>
                    </div>
                  ))}
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
};
