import { Button, Descriptions, Drawer, Empty, Grid, Segmented, Table, Tag, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { AdminWebhookDeliveryFieldsFragment, WebhookDeliveryStatus } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { CursorPager } from "../../ui/components/CursorPager";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { ADMIN_WEBHOOK_DELIVERIES_QUERY } from "../graphql/adminWebhookDeliveriesQuery";
import { ADMIN_WEBHOOK_DELIVERY_REPLAY_MUTATION } from "../graphql/adminWebhookDeliveryReplayMutation";
import { rowTestId } from "../utils/rowTestId";

type Delivery = AdminWebhookDeliveryFieldsFragment;
type StatusFilter = "all" | WebhookDeliveryStatus;

const STATUSES = ["PENDING", "DELIVERED", "FAILED"] as const satisfies readonly WebhookDeliveryStatus[];

const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = { PENDING: "blue", DELIVERED: "green", FAILED: "red" };

/** The JSON body, indented for reading (as sent when it is not JSON). */
const pretty = (payload: string | null | undefined) => {
  if (!payload) return "";
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
};

const DeliveryDetails = ({ delivery }: { delivery: Delivery }) => {
  const { t } = useTranslation("admin");
  const format = useFormatters();
  return (
    <div data-testid={`webhook-delivery-details-${delivery.sequence}`}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: "event", label: t("integrations.deliveries.eventId"), children: <Typography.Text code copyable>{delivery.eventId}</Typography.Text> },
          { key: "entity", label: t("integrations.deliveries.entity"), children: <Typography.Text code>{delivery.entityId}</Typography.Text> },
          { key: "next", label: t("integrations.deliveries.nextAttemptAt"), children: delivery.nextAttemptAt ? format.dateTime(delivery.nextAttemptAt) : "-" },
        ]}
      />
      <Typography.Title level={5}>{t("integrations.deliveries.attemptLog")}</Typography.Title>
      <Table
        size="small"
        rowKey={(attempt) => `${attempt.at}-${attempt.replay}`}
        pagination={false}
        dataSource={delivery.attemptLog}
        locale={{ emptyText: t("integrations.deliveries.noAttempts") }}
        columns={[
          { title: t("integrations.deliveries.at"), key: "at", render: (_, attempt) => format.dateTime(attempt.at) },
          { title: t("integrations.deliveries.statusCode"), key: "code", render: (_, attempt) => attempt.statusCode ?? "-" },
          { title: t("integrations.deliveries.duration"), key: "ms", render: (_, attempt) => `${attempt.durationMs} ms` },
          { title: t("integrations.deliveries.error"), key: "error", render: (_, attempt) => <Typography.Text type="secondary" style={{ wordBreak: "break-all" }}>{attempt.error ?? ""}</Typography.Text> },
          { title: "", key: "replay", render: (_, attempt) => (attempt.replay ? <Tag>{t("integrations.deliveries.replayTag")}</Tag> : null) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t("integrations.deliveries.payload")}
      </Typography.Title>
      <Typography.Paragraph copyable={{ text: delivery.payload ?? "" }}>
        <pre style={{ maxHeight: 320, overflow: "auto", fontSize: 12, margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all" }} data-testid="webhook-delivery-payload">
          {pretty(delivery.payload)}
        </pre>
      </Typography.Paragraph>
    </div>
  );
};

const renderDetails = (delivery: Delivery) => <DeliveryDetails delivery={delivery} />;

type WebhookDeliveriesDrawerProps = {
  endpoint: { id: string; name: string };
  onClose: () => void;
  /** A replay changed the endpoint's counts. */
  onChanged: () => void;
};

/** An endpoint's deliveries, newest first: status, tries, the body as sent, and a replay button. */
export const WebhookDeliveriesDrawer = ({ endpoint, onClose, onChanged }: WebhookDeliveriesDrawerProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useMutationErrorText();
  const screens = Grid.useBreakpoint();
  const [status, setStatus] = useState<StatusFilter>("all");
  const pages = useCursorPages(status);
  const filter = { endpointId: endpoint.id, status: status === "all" ? null : status };
  const [{ data, fetching, error }, reload] = useQuery({
    query: ADMIN_WEBHOOK_DELIVERIES_QUERY,
    variables: { filter, first: 20, after: pages.after },
    requestPolicy: "cache-and-network",
  });
  const [{ fetching: replaying }, replay] = useMutation(ADMIN_WEBHOOK_DELIVERY_REPLAY_MUTATION);
  const connection = data?.webhookDeliveries;

  const replayDelivery = async (delivery: Delivery) => {
    const result = await replay({ input: { id: delivery.id } });
    const problem = errorText({ error: result.error, payload: result.data?.webhookDeliveryReplay }, t("admin:errors.saveFailed"));
    const last = result.data?.webhookDeliveryReplay.webhookDelivery?.attemptLog.at(-1);
    if (problem) void messageApi.error(problem);
    else if (last?.statusCode && last.statusCode < 300) void messageApi.success(t("admin:integrations.deliveries.replayed", { code: last.statusCode }));
    else void messageApi.warning(t("admin:integrations.deliveries.replayFailed", { error: last?.error ?? "-" }));
    reload({ requestPolicy: "network-only" });
    onChanged();
  };

  return (
    <Drawer open size={screens.lg ? 1000 : "100%"} title={t("admin:integrations.deliveries.title", { name: endpoint.name })} onClose={onClose} data-testid="webhook-deliveries">
      {messageHolder}
      <Segmented<StatusFilter>
        value={status}
        onChange={setStatus}
        style={{ marginBottom: 12 }}
        data-testid="webhook-deliveries-status"
        options={[
          { value: "all", label: t("admin:integrations.deliveries.all") },
          ...STATUSES.map((value) => ({ value, label: t(`admin:integrations.deliveries.statuses.${value}`) })),
        ]}
      />
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => reload({ requestPolicy: "network-only" })} />
      ) : (
        <>
          <Table<Delivery>
            size="small"
            rowKey="id"
            tableLayout="auto"
            loading={fetching && !data}
            pagination={false}
            dataSource={connection?.nodes ?? []}
            onRow={(delivery) => rowTestId(`webhook-delivery-row-${delivery.eventType}-${delivery.sequence}`)}
            locale={{ emptyText: <Empty description={t("admin:integrations.deliveries.empty")} /> }}
            expandable={{ expandedRowRender: renderDetails }}
            columns={[
              { title: t("admin:integrations.deliveries.createdAt"), key: "createdAt", render: (_, delivery) => format.dateTime(delivery.createdAt) },
              { title: t("admin:integrations.deliveries.event"), key: "event", render: (_, delivery) => t(`admin:integrations.events.${delivery.eventType}`, { defaultValue: delivery.eventType }) },
              { title: t("admin:integrations.deliveries.sequence"), dataIndex: "sequence", key: "sequence" },
              {
                title: t("admin:integrations.status"),
                key: "status",
                render: (_, delivery) => (
                  <Tag color={STATUS_COLORS[delivery.status]} data-testid={`webhook-delivery-status-${delivery.sequence}`}>
                    {t(`admin:integrations.deliveries.statuses.${delivery.status}`)}
                  </Tag>
                ),
              },
              { title: t("admin:integrations.deliveries.attempts"), dataIndex: "attempts", key: "attempts" },
              { title: t("admin:integrations.deliveries.statusCode"), key: "code", render: (_, delivery) => delivery.lastStatusCode ?? "-" },
              {
                title: t("admin:users.actions"),
                key: "actions",
                render: (_, delivery) => (
                  <Button type="link" disabled={replaying} onClick={() => void replayDelivery(delivery)} data-testid={`webhook-delivery-replay-${delivery.sequence}`}>
                    {t("admin:integrations.deliveries.replay")}
                  </Button>
                ),
              },
            ]}
          />
          <CursorPager pages={pages} pageInfo={connection?.pageInfo ?? null} totalCount={connection?.totalCount ?? null} disabled={fetching} testId="webhook-deliveries" />
        </>
      )}
    </Drawer>
  );
};
