import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Card, Empty, Flex, Tag, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";

import type { TicketCommentFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";

type TicketCommentStreamProps = {
  comments: readonly TicketCommentFieldsFragment[];
  /** Internal notes: tinted and marked, never shown to customers. */
  internal?: boolean;
  emptyText: string;
  /** The name shown for the customer's own messages ("You" in the portal). */
  customerLabel: string;
  testId: string;
};

/** Replies (or notes), oldest first; the customer's messages on one side, the desk's on the other. */
export const TicketCommentStream = ({ comments, internal = false, emptyText, customerLabel, testId }: TicketCommentStreamProps) => {
  const { t } = useTranslation("service");
  const format = useFormatters();
  const { token } = theme.useToken();

  if (comments.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid={`${testId}-empty`} />;
  }
  return (
    <Flex vertical gap={12} data-testid={testId}>
      {comments.map((comment) => {
        const background = internal ? token.colorWarningBg : comment.fromCustomer ? token.colorFillAlter : token.colorInfoBg;
        const border = internal ? token.colorWarningBorder : comment.fromCustomer ? token.colorBorderSecondary : token.colorInfoBorder;
        return (
          <Flex key={comment.id} justify={comment.fromCustomer ? "flex-start" : "flex-end"}>
            <Card
              size="small"
              data-testid={internal ? "internal-note" : "public-comment"}
              data-from-customer={comment.fromCustomer}
              style={{ maxWidth: "85%", minWidth: "50%", background, borderColor: border }}
              title={
                <Flex gap={8} align="center" wrap>
                  {internal ? <LockOutlined /> : <UserOutlined />}
                  <Typography.Text strong>
                    {comment.fromCustomer ? customerLabel : (comment.author?.name ?? t("ticket.system"))}
                  </Typography.Text>
                  {internal && <Tag color="warning">{t("ticket.internalBadge")}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {format.dateTime(comment.createdAt)}
                  </Typography.Text>
                </Flex>
              }
            >
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{comment.body}</Typography.Paragraph>
            </Card>
          </Flex>
        );
      })}
    </Flex>
  );
};
