import { BellOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Flex, Popover, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { BELL_MARK_READ_MUTATION } from "../graphql/bellMarkReadMutation";
import { useBellNotificationAddedSubscription } from "../hooks/useBellNotificationAddedSubscription";
import { useBellNotificationsQuery } from "../hooks/useBellNotificationsQuery";
import { useBellUnreadCountQuery } from "../hooks/useBellUnreadCountQuery";
import { entityPath } from "../utils/entityPath";
import { mergeNotifications, type BellNotification } from "../utils/mergeNotifications";
import { NotificationItem } from "./NotificationItem";

const LIMIT = 10;

/** The header bell for viewers who may read their notifications (nothing otherwise). */
export const NotificationBell = () => {
  const permissions = usePermissions();
  if (!permissions.canQuery("notifications") && !permissions.canQuery("unreadNotificationCount")) return null;
  return <Bell />;
};

const Bell = () => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const canList = permissions.canQuery("notifications");
  const canCount = permissions.canQuery("unreadNotificationCount");
  const canFollow = permissions.canQuery("notificationAdded");
  const canMark = permissions.canMutate("notificationMarkRead");

  const [{ data: countData }] = useBellUnreadCountQuery({ pause: !canCount });
  const [{ data: listData, fetching, error }, refetchList] = useBellNotificationsQuery({ first: LIMIT, pause: !canList });
  const [{ data: live }] = useBellNotificationAddedSubscription({ pause: !canFollow });
  const [{ fetching: marking }, markRead] = useMutation(BELL_MARK_READ_MUTATION);

  const { items, unread } = useMemo(
    () => mergeNotifications(listData?.notifications.nodes ?? null, countData?.unreadNotificationCount ?? null, live ?? [], LIMIT),
    [listData, countData, live],
  );

  const openNotification = (notification: BellNotification) => {
    if (!notification.read && canMark) void markRead({ input: { ids: [notification.id] } });
    const path = entityPath(notification.entityId);
    if (path) {
      setOpen(false);
      void navigate(path);
    }
  };

  const content = (
    <Flex vertical style={{ width: "min(360px, calc(100vw - 48px))" }} data-testid="notification-panel">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t("header.notifications")}</Typography.Text>
        {canMark && unread > 0 && (
          <Button type="link" size="small" loading={marking} onClick={() => void markRead({ input: { ids: null } })} data-testid="notification-mark-all">
            {t("header.markAllRead")}
          </Button>
        )}
      </Flex>
      {error && !listData ? (
        <Flex vertical align="center" gap={8} style={{ padding: 16 }}>
          <Typography.Text type="danger">{t("header.notificationsFailed")}</Typography.Text>
          <Button size="small" onClick={() => refetchList({ requestPolicy: "network-only" })}>
            {t("status.retry")}
          </Button>
        </Flex>
      ) : fetching && !listData ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("header.notificationsEmpty")} />
      ) : (
        <Flex vertical role="list" data-testid="notification-list" style={{ maxHeight: 420, overflowY: "auto" }}>
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onOpen={openNotification} />
          ))}
        </Flex>
      )}
      {canList && (
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Button
            type="link"
            size="small"
            onClick={() => {
              setOpen(false);
              void navigate("/notifications");
            }}
            data-testid="notification-view-all"
          >
            {t("header.viewAllNotifications")}
          </Button>
        </Flex>
      )}
    </Flex>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} content={content} arrow={false}>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t("header.notificationsUnread", { count: unread })}
          data-testid="notification-bell"
          data-unread={unread}
        />
      </Badge>
    </Popover>
  );
};
