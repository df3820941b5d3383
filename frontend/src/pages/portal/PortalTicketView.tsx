import { ArrowLeftOutlined, BookOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, Modal, Rate, Result, Row, Space, Typography, type DescriptionsProps } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useMutation } from "urql";

import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { hasGraphqlErrorCode } from "../../modules/graphql/errors/hasGraphqlErrorCode";
import type { MutationOutcome } from "../../modules/graphql/errors/mutationProblem";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { CustomerMessagesCard } from "../../modules/service/components/CustomerMessagesCard";
import { LiveStatus } from "../../modules/service/components/LiveStatus";
import { RatingForm, type RatingValues } from "../../modules/service/components/RatingForm";
import { ReconnectBanner } from "../../modules/service/components/ReconnectBanner";
import { TicketCommentStream } from "../../modules/service/components/TicketCommentStream";
import { TicketPriorityTag } from "../../modules/service/components/TicketPriorityTag";
import { TicketReplyForm } from "../../modules/service/components/TicketReplyForm";
import { TicketStatusTag } from "../../modules/service/components/TicketStatusTag";
import { TICKET_RATE_MUTATION } from "../../modules/service/graphql/ticketRateMutation";
import { TICKET_REOPEN_MUTATION } from "../../modules/service/graphql/ticketReopenMutation";
import { useServiceTicketEventsSubscription } from "../../modules/service/hooks/useServiceTicketEventsSubscription";
import { useServiceTicketQuery } from "../../modules/service/hooks/useServiceTicketQuery";
import { ticketFieldVariables } from "../../modules/service/utils/ticketFieldVariables";
import { statusAllows } from "../../modules/service/utils/ticketStatuses";
import { PageLoading } from "../../modules/ui/components/PageLoading";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useMutationErrorText } from "../../modules/ui/hooks/useFormErrors";

const PortalTicket = ({ id }: { id: string }) => {
  const { t } = useTranslation(["portal", "common"]);
  const { message } = App.useApp();
  const errorText = useMutationErrorText();
  const format = useFormatters();
  const permissions = usePermissions();
  const fields = useMemo(() => ticketFieldVariables(permissions), [permissions]);
  const [{ data, error }, reexecute] = useServiceTicketQuery(id);
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  const filter = useMemo(() => ({ ticketId: id }), [id]);
  // The agent's replies and status changes show up without reloading.
  const { connection, retry } = useServiceTicketEventsSubscription({
    filter,
    fields,
    onEvent: reload,
    onResync: reload,
    pause: !permissions.canQuery("ticketEvents"),
  });
  const [rate, rateTicket] = useMutation(TICKET_RATE_MUTATION);
  const [reopen, reopenTicket] = useMutation(TICKET_REOPEN_MUTATION);
  const [reopenOpen, setReopenOpen] = useState(false);
  const [ratedOutcome, setRatedOutcome] = useState<"closed" | "reopened" | null>(null);

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={reload} />;
    return <PageLoading />;
  }
  const ticket = data.ticket;
  if (!ticket) {
    return (
      <Result status="404" title={t("detail.notFound")} extra={<Link to="/portal">{t("detail.back")}</Link>} data-testid="portal-ticket-not-found" />
    );
  }

  const submitRating = async (values: RatingValues): Promise<MutationOutcome> => {
    const result = await rateTicket({ input: { id: ticket.id, rating: values.rating, comment: values.comment ?? null } });
    const payload = result.data?.ticketRate;
    if (!result.error && payload && payload.userErrors.length === 0) {
      const reopened = payload.ticket?.status === "REOPENED";
      setRatedOutcome(reopened ? "reopened" : "closed");
      void message.success(t(reopened ? "rate.reopened" : "rate.thanksClosed"));
    }
    return { error: result.error, payload };
  };

  const submitReopen = async ({ reason }: { reason?: string }) => {
    const result = await reopenTicket({ input: { id: ticket.id, reason: reason?.trim() || null } });
    const payload = result.data?.ticketReopen;
    if (hasGraphqlErrorCode(result.error, "CONFLICT")) {
      void message.warning(t("common:conflict"));
      reload();
      return;
    }
    const problem = errorText({ error: result.error, payload }, t("reopen.failed"));
    if (problem) {
      void message.error(problem);
      return;
    }
    setReopenOpen(false);
    void message.success(t("reopen.done"));
  };

  const details: DescriptionsProps["items"] = [
    { key: "number", label: t("detail.number"), children: ticket.number },
    { key: "category", label: t("detail.category"), children: <CategoryLabel category={ticket.category} /> },
    { key: "priority", label: t("detail.priority"), children: <TicketPriorityTag priority={ticket.priority} /> },
    { key: "createdAt", label: t("detail.createdAt"), children: format.dateTime(ticket.createdAt) },
    {
      key: "assignee",
      label: t("detail.assignee"),
      children: ticket.assignee?.name ?? <Typography.Text type="secondary">{t("detail.notAssigned")}</Typography.Text>,
    },
    ...(ticket.resolvedAt ? [{ key: "resolvedAt", label: t("detail.resolvedAt"), children: format.dateTime(ticket.resolvedAt) }] : []),
  ];
  const canReply = permissions.canMutate("ticketComment") && statusAllows("comment", ticket.status);
  const canRate = permissions.canMutate("ticketRate") && statusAllows("rate", ticket.status);
  const canReopen = permissions.canMutate("ticketReopen") && statusAllows("reopen", ticket.status);

  return (
    <Flex vertical gap={16} data-testid="portal-ticket" data-ticket-status={ticket.status}>
      <Flex justify="space-between" align="center">
        <Link to="/portal">
          <ArrowLeftOutlined /> {t("detail.back")}
        </Link>
        <LiveStatus connection={connection} />
      </Flex>
      <ReconnectBanner connection={connection} onRetry={retry} />
      <Card>
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <Flex vertical gap={8}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="portal-ticket-subject">
              {ticket.subject}
            </Typography.Title>
            <Space>
              <TicketStatusTag status={ticket.status} />
            </Space>
          </Flex>
          {canReopen && (
            <Button onClick={() => setReopenOpen(true)} data-testid="portal-reopen">
              {t("reopen.button")}
            </Button>
          )}
        </Flex>
      </Card>
      {ratedOutcome && (
        <Alert
          type={ratedOutcome === "reopened" ? "warning" : "success"}
          showIcon
          title={t(ratedOutcome === "reopened" ? "rate.reopened" : "rate.thanksClosed")}
          data-testid="portal-rated"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            {canRate && (
              <Card title={t("rate.title")} data-testid="portal-rating-card">
                <Typography.Paragraph type="secondary">{t("rate.hint")}</Typography.Paragraph>
                <RatingForm onSubmit={submitRating} submitting={rate.fetching} />
              </Card>
            )}
            {ticket.rating !== null && (
              <Card title={t("rate.yours")} size="small">
                <Space orientation="vertical">
                  <Rate disabled value={ticket.rating} />
                  {ticket.ratingComment && <Typography.Text>{ticket.ratingComment}</Typography.Text>}
                </Space>
              </Card>
            )}
            <Card title={t("detail.description")} size="small">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>
                {ticket.description || <Typography.Text type="secondary">{t("detail.noDescription")}</Typography.Text>}
              </Typography.Paragraph>
            </Card>
            <Card title={t("detail.conversation")} size="small">
              <TicketCommentStream
                comments={ticket.comments}
                emptyText={t("detail.noReplies")}
                customerLabel={t("detail.you")}
                testId="portal-comments"
              />
            </Card>
            {canReply ? (
              <Card size="small">
                <TicketReplyForm ticketId={ticket.id} allowInternal={false} placeholder={t("detail.replyPlaceholder")} />
              </Card>
            ) : (
              ticket.status === "CLOSED" && <Alert type="info" showIcon title={t("detail.closedHint")} />
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={8}>
          <Flex vertical gap={16}>
            <Card title={t("detail.details")} size="small">
              <Descriptions column={1} size="small" items={details} />
            </Card>
            <CustomerMessagesCard ticketId={ticket.id} version={ticket.updatedAt} portal />
            {ticket.suggestedArticles.length > 0 && (
              <Card title={t("detail.suggested")} size="small">
                <Flex vertical gap={4}>
                  {ticket.suggestedArticles.map((article) => (
                    <Link key={article.id} to={`/portal/kb/${encodeURIComponent(article.id)}`}>
                      <BookOutlined /> {article.title}
                    </Link>
                  ))}
                </Flex>
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      <Modal
        open={reopenOpen}
        title={t("reopen.title")}
        onCancel={() => setReopenOpen(false)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={(values: { reason?: string }) => void submitReopen(values)} disabled={reopen.fetching} preserve={false}>
          <Form.Item name="reason" label={t("reopen.reason")}>
            <Input.TextArea rows={3} maxLength={300} placeholder={t("reopen.reasonPlaceholder")} data-testid="portal-reopen-reason" />
          </Form.Item>
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => setReopenOpen(false)}>{t("common:cancel")}</Button>
            <Button type="primary" htmlType="submit" loading={reopen.fetching} data-testid="portal-reopen-submit">
              {t("reopen.button")}
            </Button>
          </Flex>
        </Form>
      </Modal>
    </Flex>
  );
};

/** /portal/tickets/:id: a ticket's public conversation, a reply, rating a resolved ticket, reopening. */
export const PortalTicketView = () => {
  const { id = "" } = useParams();
  return <PortalTicket key={id} id={id} />;
};
