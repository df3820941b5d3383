import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, App, Card, Col, Descriptions, Empty, Flex, Result, Row, Space, Tag, Timeline, Typography, type DescriptionsProps } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { GuardedField } from "../../modules/permissions/components/GuardedField";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { AssignTicketSelect } from "../../modules/service/components/AssignTicketSelect";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { LiveStatus } from "../../modules/service/components/LiveStatus";
import { ReconnectBanner } from "../../modules/service/components/ReconnectBanner";
import { SuggestedArticles } from "../../modules/service/components/SuggestedArticles";
import { TicketActions } from "../../modules/service/components/TicketActions";
import { CustomerMessagesCard } from "../../modules/service/components/CustomerMessagesCard";
import { TicketCommentStream } from "../../modules/service/components/TicketCommentStream";
import { TicketPriorityTag } from "../../modules/service/components/TicketPriorityTag";
import { TicketReplyForm } from "../../modules/service/components/TicketReplyForm";
import { TicketSlaPanel } from "../../modules/service/components/TicketSlaPanel";
import { TicketStatusTag } from "../../modules/service/components/TicketStatusTag";
import { useServiceTicketEventsSubscription } from "../../modules/service/hooks/useServiceTicketEventsSubscription";
import { useServiceTicketQuery } from "../../modules/service/hooks/useServiceTicketQuery";
import { historyText } from "../../modules/service/utils/historyText";
import { ticketFieldVariables } from "../../modules/service/utils/ticketFieldVariables";
import { statusAllows } from "../../modules/service/utils/ticketStatuses";
import { PageLoading } from "../../modules/ui/components/PageLoading";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

const TicketDetail = ({ id }: { id: string }) => {
  const { t } = useTranslation("service");
  const format = useFormatters();
  const viewer = useCurrentViewer();
  const permissions = usePermissions();
  const fields = useMemo(() => ticketFieldVariables(permissions), [permissions]);
  const [{ data, error, fetching }, reexecute] = useServiceTicketQuery(id);
  // After resolving here: the survey link when the server could not email it to the customer, else null (emailed).
  const [resolution, setResolution] = useState<{ surveyUrl: string | null } | null>(null);
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const filter = useMemo(() => ({ ticketId: id }), [id]);
  // Changes by others (a customer's reply, a supervisor's assignment, the SLA job) show up at once.
  const { connection, retry } = useServiceTicketEventsSubscription({
    filter,
    fields,
    onEvent: reload,
    onResync: reload,
    pause: !permissions.canQuery("ticketEvents"),
  });

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={reload} />;
    return <PageLoading />;
  }
  const ticket = data.ticket;
  if (!ticket) {
    return (
      <Result
        status="404"
        title={t("ticket.notFound")}
        extra={<Link to="/service">{t("ticket.back")}</Link>}
        data-testid="ticket-not-found"
      />
    );
  }

  const supervisor = permissions.canMutate("ticketAssign");
  const canReply = permissions.canMutate("ticketComment") && statusAllows("comment", ticket.status);
  const customerLink = ticket.customer ? (
    permissions.canQuery("customer") ? (
      <Link to={`/customers/${encodeURIComponent(ticket.customer.id)}`} data-testid="ticket-customer">
        {ticket.customer.name}
      </Link>
    ) : (
      <span data-testid="ticket-customer">{ticket.customer.name}</span>
    )
  ) : (
    "—"
  );

  const details: DescriptionsProps["items"] = [
    ...(fields.withCustomer ? [{ key: "customer", label: t("ticket.customer"), children: customerLink }] : []),
    ...(ticket.contact
      ? [
          {
            key: "contact",
            label: t("ticket.contact"),
            children: (
              <Space orientation="vertical" size={0}>
                <span>{ticket.contact.name}</span>
                {ticket.contact.phones && ticket.contact.phones.length > 0 && (
                  <GuardedField type="Contact" field="phones">
                    <Typography.Text type="secondary">{ticket.contact.phones.join(", ")}</Typography.Text>
                  </GuardedField>
                )}
              </Space>
            ),
          },
        ]
      : []),
    ...(fields.withQueue ? [{ key: "queue", label: t("ticket.queue"), children: ticket.queue?.name ?? "—" }] : []),
    {
      key: "assignee",
      label: t("ticket.assignee"),
      children: (
        <Space orientation="vertical" size={4}>
          <span data-testid="ticket-assignee">{ticket.assignee?.name ?? t("assign.unassigned")}</span>
          {supervisor && statusAllows("assign", ticket.status) && <AssignTicketSelect ticket={ticket} onConflict={reload} />}
        </Space>
      ),
    },
    { key: "channel", label: t("ticket.channel"), children: t(`channel.${ticket.channel}`) },
    { key: "category", label: t("ticket.category"), children: <CategoryLabel category={ticket.category} /> },
    { key: "createdAt", label: t("ticket.createdAt"), children: format.dateTime(ticket.createdAt) },
    ...(ticket.resolvedAt ? [{ key: "resolvedAt", label: t("ticket.resolvedAt"), children: format.dateTime(ticket.resolvedAt) }] : []),
    ...(ticket.closedAt ? [{ key: "closedAt", label: t("ticket.closedAt"), children: format.dateTime(ticket.closedAt) }] : []),
    ...(ticket.rating !== null
      ? [
          {
            key: "rating",
            label: t("ticket.rating"),
            children: (
              <span data-testid="ticket-rating">
                {"★".repeat(ticket.rating)}
                {ticket.ratingComment ? ` · ${ticket.ratingComment}` : ""}
              </span>
            ),
          },
        ]
      : []),
    ...(fields.withEscalation && (ticket.reopenCount ?? 0) > 0
      ? [{ key: "reopenCount", label: t("ticket.reopenCount"), children: ticket.reopenCount }]
      : []),
  ];

  return (
    <Flex vertical gap={16} data-testid="ticket-page" data-ticket-status={ticket.status}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Link to="/service">
          <ArrowLeftOutlined /> {t("ticket.back")}
        </Link>
        <LiveStatus connection={connection} />
      </Flex>
      <ReconnectBanner connection={connection} onRetry={retry} />
      <Card>
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <Flex vertical gap={8}>
            <Typography.Text type="secondary" data-testid="ticket-number">
              {ticket.number}
            </Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="ticket-subject">
              {ticket.subject}
            </Typography.Title>
            <Space wrap>
              <TicketStatusTag status={ticket.status} />
              <TicketPriorityTag priority={ticket.priority} />
              {(ticket.escalationLevel ?? 0) > 0 && <Tag color="red">{t("ticket.escalated", { level: ticket.escalationLevel })}</Tag>}
            </Space>
          </Flex>
          <TicketActions
            ticket={ticket}
            viewerId={viewer.id}
            permissions={permissions}
            onResolved={(surveyUrl) => setResolution({ surveyUrl })}
            onReload={reload}
          />
        </Flex>
        {resolution && (
          <Alert
            type={resolution.surveyUrl ? "warning" : "success"}
            showIcon
            style={{ marginTop: 16 }}
            title={t("actions.resolvedTitle")}
            data-testid={resolution.surveyUrl ? "survey-handover" : "survey-emailed"}
            description={
              resolution.surveyUrl ? (
                <Space orientation="vertical" size={0}>
                  <span>{t("actions.surveyLinkNoEmail")}</span>
                  <Typography.Text copyable={{ text: resolution.surveyUrl }} data-testid="survey-url">
                    {resolution.surveyUrl}
                  </Typography.Text>
                </Space>
              ) : (
                t("actions.surveyEmailed")
              )
            }
            closable={{ onClose: () => setResolution(null) }}
          />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            <Card title={t("ticket.description")} size="small">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
                {ticket.description || <Typography.Text type="secondary">{t("ticket.noDescription")}</Typography.Text>}
              </Typography.Paragraph>
            </Card>
            <Card title={t("ticket.conversation")} size="small">
              <TicketCommentStream
                comments={ticket.comments}
                emptyText={t("ticket.noComments")}
                customerLabel={ticket.contact?.name ?? t("ticket.fromCustomer")}
                testId="public-comments"
              />
            </Card>
            {ticket.internalNotes && (
              <Card title={t("ticket.internalNotes")} size="small">
                <TicketCommentStream
                  comments={ticket.internalNotes}
                  internal
                  emptyText={t("ticket.noNotes")}
                  customerLabel={t("ticket.fromCustomer")}
                  testId="internal-notes"
                />
              </Card>
            )}
            {canReply && (
              <Card size="small">
                <TicketReplyForm ticketId={ticket.id} allowInternal={Boolean(ticket.internalNotes)} />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Card title={t("ticket.details")} size="small">
              <Descriptions column={1} size="small" items={details} />
            </Card>
            {ticket.sla && (
              <Card title={t("ticket.slaTitle")} size="small">
                <TicketSlaPanel ticket={ticket} />
              </Card>
            )}
            <CustomerMessagesCard ticketId={ticket.id} version={ticket.updatedAt} />
            <Card title={t("ticket.suggested")} size="small">
              <SuggestedArticles articles={ticket.suggestedArticles} />
            </Card>
            {ticket.history && (
              <Card title={t("ticket.history")} size="small">
                {ticket.history.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <Timeline
                    data-testid="ticket-history"
                    items={ticket.history.map((entry) => ({
                      key: entry.cursor,
                      color: entry.kind === "SLA_BREACHED" || entry.kind === "ESCALATED" ? "red" : "blue",
                      content: (
                        <Flex vertical>
                          <span>{`${entry.actor?.name ?? t("ticket.system")} · ${historyText(entry, t)}`}</span>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {format.dateTime(entry.at)}
                          </Typography.Text>
                        </Flex>
                      ),
                    }))}
                  />
                )}
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      {fetching && <span data-testid="ticket-refreshing" hidden />}
    </Flex>
  );
};

/** /service/tickets/:id: one ticket with its SLA clock, conversation, internal notes, history and actions. */
export const TicketPage = () => {
  const { id = "" } = useParams();
  return (
    <App component={false}>
      <TicketDetail key={id} id={id} />
    </App>
  );
};
