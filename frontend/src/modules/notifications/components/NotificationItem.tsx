import { Badge, Flex, Typography, theme } from "antd";

import { useFormatters } from "../../format/hooks/useFormatters";
import type { BellNotification } from "../utils/mergeNotifications";

export type NotificationItemProps = { notification: BellNotification; onOpen: (notification: BellNotification) => void };

/** One notification: unread ones stand out; Enter or a click opens it. */
export const NotificationItem = ({ notification, onOpen }: NotificationItemProps) => {
  const format = useFormatters();
  const { token } = theme.useToken();
  return (
    <Flex
      role="listitem"
      gap={8}
      tabIndex={0}
      onClick={() => onOpen(notification)}
      onKeyDown={(event) => {
        if (event.key === "Enter") onOpen(notification);
      }}
      data-testid={`notification-item-${notification.id}`}
      data-read={notification.read ? "true" : "false"}
      style={{
        padding: "8px 4px",
        cursor: "pointer",
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
        background: notification.read ? undefined : token.colorPrimaryBg,
      }}
    >
      <Badge status={notification.read ? "default" : "processing"} />
      <Flex vertical style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong={!notification.read} ellipsis>
          {notification.title}
        </Typography.Text>
        {notification.body && (
          <Typography.Text type="secondary" ellipsis>
            {notification.body}
          </Typography.Text>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {format.relative(notification.createdAt)}
        </Typography.Text>
      </Flex>
    </Flex>
  );
};
