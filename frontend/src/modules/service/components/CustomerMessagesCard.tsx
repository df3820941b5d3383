import { Card, Empty, Flex, List, Tag, Tooltip, Typography } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import type { EmailStatus } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { TICKET_CUSTOMER_MESSAGES_QUERY } from "../graphql/ticketCustomerMessagesQuery";

type CustomerMessagesCardProps = {
  ticketId: string;
  /** Changes when the ticket changes (a reply, a resolution): the list is read again then. */
  version: string;
  /** The portal's wording ("emails we sent you") instead of the staff's. */
  portal?: boolean;
};

const STATUS_COLORS: Record<EmailStatus, string> = { QUEUED: "processing", SENT: "success", FAILED: "error" };

/** What the customer was told about a ticket by email: the acknowledgement, replies, the resolution and survey. */
export const CustomerMessagesCard = ({ ticketId, version, portal = false }: CustomerMessagesCardProps) => {
  const { t } = useTranslation("service");
  const format = useFormatters();
  const permissions = usePermissions();
  const withError = permissions.has("CustomerMessage", "error");
  const [{ data }, reexecute] = useQuery({
    query: TICKET_CUSTOMER_MESSAGES_QUERY,
    variables: { id: ticketId, withError },
    pause: !permissions.has("Ticket", "customerMessages"),
  });
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current !== version) {
      seen.current = version;
      reexecute({ requestPolicy: "network-only" });
    }
  }, [version, reexecute]);

  const messages = data?.ticket?.customerMessages;
  if (!messages) return null;
  return (
    <Card size="small" title={t(portal ? "customerMessages.portalTitle" : "customerMessages.title")} data-testid="customer-messages">
      {messages.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("customerMessages.empty")} />
      ) : (
        <List
          size="small"
          dataSource={messages}
          renderItem={(message) => (
            <List.Item data-testid="customer-message" data-kind={message.kind} data-status={message.status}>
              <Flex vertical gap={2} style={{ minWidth: 0, width: "100%" }}>
                <Typography.Text ellipsis={{ tooltip: message.subject }}>{message.subject}</Typography.Text>
                <Flex gap={8} wrap align="center">
                  <Tag>{t(`customerMessages.kinds.${message.kind}`, { defaultValue: message.kind })}</Tag>
                  {!portal && (
                    <Tooltip title={"error" in message ? message.error : undefined}>
                      <Tag color={STATUS_COLORS[message.status]}>{t(`customerMessages.status.${message.status}`)}</Tag>
                    </Tooltip>
                  )}
                  <Typography.Text type="secondary">{format.dateTime(message.sentAt ?? message.createdAt)}</Typography.Text>
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {!portal && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          {t("customerMessages.noAddressHint")}
        </Typography.Paragraph>
      )}
    </Card>
  );
};
