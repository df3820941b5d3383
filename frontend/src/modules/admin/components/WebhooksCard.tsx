import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Dropdown, Empty, Modal, Space, Table, Tag, Tooltip, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import type { MutationOutcome } from "../../graphql/errors/mutationProblem";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { ADMIN_WEBHOOK_ENDPOINT_DELETE_MUTATION } from "../graphql/adminWebhookEndpointDeleteMutation";
import { ADMIN_WEBHOOK_ENDPOINT_PAUSE_MUTATION } from "../graphql/adminWebhookEndpointPauseMutation";
import { ADMIN_WEBHOOK_ENDPOINT_ROTATE_SECRET_MUTATION } from "../graphql/adminWebhookEndpointRotateSecretMutation";
import { ADMIN_WEBHOOK_ENDPOINTS_QUERY } from "../graphql/adminWebhookEndpointsQuery";
import { rowTestId } from "../utils/rowTestId";
import { SecretOnceModal } from "./SecretOnceModal";
import { WebhookDeliveriesDrawer } from "./WebhookDeliveriesDrawer";
import { WebhookFormModal, type WebhookEndpoint } from "./WebhookFormModal";

/** Admin > Integrations: URLs that hear about domain events, signed, retried, in order; their deliveries. */
export const WebhooksCard = () => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [messageApi, messageHolder] = message.useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const errorText = useMutationErrorText();
  const [{ data, fetching, error }, reload] = useQuery({ query: ADMIN_WEBHOOK_ENDPOINTS_QUERY, requestPolicy: "cache-and-network" });
  const [, pause] = useMutation(ADMIN_WEBHOOK_ENDPOINT_PAUSE_MUTATION);
  const [, rotate] = useMutation(ADMIN_WEBHOOK_ENDPOINT_ROTATE_SECRET_MUTATION);
  const [, remove] = useMutation(ADMIN_WEBHOOK_ENDPOINT_DELETE_MUTATION);
  const [editing, setEditing] = useState<{ endpoint: WebhookEndpoint | null } | null>(null);
  const [watching, setWatching] = useState<WebhookEndpoint | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => reload({ requestPolicy: "network-only" });

  const tokenName = (id: string) => data?.apiTokens.find((token) => token.id === id)?.name ?? t("admin:integrations.webhooks.tokenGone");

  const report = (outcome: MutationOutcome, done: string) => {
    const problem = errorText(outcome, t("admin:errors.saveFailed"));
    if (problem) void messageApi.error(problem);
    else void messageApi.success(done);
    refresh();
    return problem === null;
  };

  const act = (endpoint: WebhookEndpoint, action: string) => {
    if (action === "pause" || action === "resume") {
      void pause({ input: { id: endpoint.id, paused: action === "pause" } }).then((result) =>
        report({ error: result.error, payload: result.data?.webhookEndpointPause }, t(action === "pause" ? "admin:integrations.webhooks.pausedDone" : "admin:integrations.webhooks.resumedDone")),
      );
    } else if (action === "rotate") {
      modal.confirm({
        title: t("admin:integrations.webhooks.rotateConfirm", { name: endpoint.name }),
        content: t("admin:integrations.webhooks.rotateContent"),
        okText: t("admin:integrations.webhooks.rotate"),
        cancelText: t("common:cancel"),
        onOk: async () => {
          const result = await rotate({ input: { id: endpoint.id } });
          const payload = result.data?.webhookEndpointRotateSecret;
          if (report({ error: result.error, payload }, t("admin:integrations.webhooks.rotated")) && payload?.secret) setSecret(payload.secret);
        },
      });
    } else if (action === "delete") {
      modal.confirm({
        title: t("admin:integrations.webhooks.deleteConfirm", { name: endpoint.name }),
        content: t("admin:integrations.webhooks.deleteContent"),
        okText: t("admin:service.delete"),
        okButtonProps: { danger: true },
        cancelText: t("common:cancel"),
        onOk: async () => {
          const result = await remove({ input: { id: endpoint.id } });
          report({ error: result.error, payload: result.data?.webhookEndpointDelete }, t("admin:integrations.webhooks.deleted"));
        },
      });
    }
  };

  return (
    <Card
      title={t("admin:integrations.webhooks.title")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing({ endpoint: null })} data-testid="webhook-create">
          {t("admin:integrations.webhooks.create")}
        </Button>
      }
    >
      {messageHolder}
      {modalHolder}
      <Typography.Paragraph type="secondary">{t("admin:integrations.webhooks.hint")}</Typography.Paragraph>
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={refresh} />
      ) : (
        <Table<WebhookEndpoint>
          size="small"
          rowKey="id"
          scroll={{ x: "max-content" }}
          loading={fetching && !data}
          pagination={false}
          dataSource={data?.webhookEndpoints ?? []}
          onRow={(endpoint) => rowTestId(`webhook-row-${endpoint.name}`)}
          locale={{ emptyText: <Empty description={t("admin:integrations.webhooks.empty")} /> }}
          columns={[
            {
              title: t("admin:integrations.webhooks.name"),
              key: "name",
              render: (_, endpoint) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{endpoint.name}</Typography.Text>
                  <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
                    {endpoint.url}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t("admin:integrations.webhooks.events"),
              key: "events",
              render: (_, endpoint) => (
                <Tooltip title={endpoint.events.map((event) => t(`admin:integrations.events.${event}`, { defaultValue: event })).join("、")}>
                  <Tag>{t("admin:integrations.webhooks.eventCount", { count: endpoint.events.length })}</Tag>
                </Tooltip>
              ),
            },
            { title: t("admin:integrations.webhooks.token"), key: "token", render: (_, endpoint) => tokenName(endpoint.apiTokenId) },
            {
              title: t("admin:integrations.status"),
              key: "status",
              render: (_, endpoint) =>
                endpoint.pausedAt ? (
                  <Tooltip title={endpoint.pauseReason}>
                    <Tag color="orange" data-testid={`webhook-status-${endpoint.name}`}>
                      {t("admin:integrations.webhooks.paused", { at: format.dateTime(endpoint.pausedAt) })}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Tag color="green" data-testid={`webhook-status-${endpoint.name}`}>
                    {t("admin:integrations.webhooks.running")}
                  </Tag>
                ),
            },
            {
              title: t("admin:integrations.webhooks.deliveries"),
              key: "counts",
              render: (_, endpoint) => (
                <Space size={4} data-testid={`webhook-counts-${endpoint.name}`}>
                  <Tag color="green">{t("admin:integrations.deliveries.statuses.DELIVERED")} {endpoint.deliveredCount}</Tag>
                  <Tag color="blue">{t("admin:integrations.deliveries.statuses.PENDING")} {endpoint.pendingCount}</Tag>
                  {endpoint.failedCount > 0 && <Tag color="red">{t("admin:integrations.deliveries.statuses.FAILED")} {endpoint.failedCount}</Tag>}
                </Space>
              ),
            },
            {
              title: t("admin:users.actions"),
              key: "actions",
              render: (_, endpoint) => (
                <Space size={0}>
                  <Button type="link" onClick={() => setWatching(endpoint)} data-testid={`webhook-deliveries-${endpoint.name}`}>
                    {t("admin:integrations.webhooks.deliveries")}
                  </Button>
                  <Button type="link" onClick={() => setEditing({ endpoint })} data-testid={`webhook-edit-${endpoint.name}`}>
                    {t("admin:users.edit")}
                  </Button>
                  <Dropdown
                    trigger={["click"]}
                    menu={{
                      onClick: ({ key }) => act(endpoint, key),
                      items: [
                        endpoint.pausedAt
                          ? { key: "resume", label: <span data-testid={`webhook-resume-${endpoint.name}`}>{t("admin:integrations.webhooks.resume")}</span> }
                          : { key: "pause", label: <span data-testid={`webhook-pause-${endpoint.name}`}>{t("admin:integrations.webhooks.pause")}</span> },
                        { key: "rotate", label: t("admin:integrations.webhooks.rotate") },
                        { key: "delete", danger: true, label: t("admin:service.delete") },
                      ],
                    }}
                  >
                    <Button type="link" data-testid={`webhook-more-${endpoint.name}`}>
                      {t("admin:integrations.more")}
                    </Button>
                  </Dropdown>
                </Space>
              ),
            },
          ]}
        />
      )}
      {editing && (
        <WebhookFormModal
          endpoint={editing.endpoint}
          onClose={() => setEditing(null)}
          onSaved={(created) => {
            setEditing(null);
            if (created) setSecret(created);
            else void messageApi.success(t("admin:integrations.webhooks.saved"));
            refresh();
          }}
        />
      )}
      {watching && <WebhookDeliveriesDrawer endpoint={watching} onClose={() => setWatching(null)} onChanged={refresh} />}
      {secret && <SecretOnceModal title={t("admin:integrations.webhooks.secretTitle")} secret={secret} onClose={() => setSecret(null)} testId="webhook-secret" />}
    </Card>
  );
};
