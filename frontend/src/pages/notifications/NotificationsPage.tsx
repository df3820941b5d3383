import { Button, Card, Empty, Flex, Result, Segmented, Skeleton, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { BELL_MARK_READ_MUTATION } from "../../modules/notifications/graphql/bellMarkReadMutation";
import { NOTIFICATIONS_PAGE_QUERY } from "../../modules/notifications/graphql/notificationsPageQuery";
import { NotificationItem } from "../../modules/notifications/components/NotificationItem";
import { entityPath } from "../../modules/notifications/utils/entityPath";
import type { BellNotification } from "../../modules/notifications/utils/mergeNotifications";
import { NOTIFICATION_TYPENAMES } from "../../modules/notifications/utils/notificationTypenames";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";

const PAGE_SIZE = 20;

/** /notifications?unread=1: every notification of the viewer, a page at a time; opening one marks it read. */
export const NotificationsPage = () => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get("unread") === "1";
  const pages = useCursorPages(unreadOnly ? "unread" : "all");
  const canMark = permissions.canMutate("notificationMarkRead");
  // Refetched, like the bell, when one arrives or some are marked read.
  const context = useMemo(() => ({ additionalTypenames: NOTIFICATION_TYPENAMES }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: NOTIFICATIONS_PAGE_QUERY,
    variables: { first: PAGE_SIZE, after: pages.after, unreadOnly },
    pause: !permissions.canQuery("notifications"),
    context,
  });
  const [{ fetching: marking }, markRead] = useMutation(BELL_MARK_READ_MUTATION);

  if (!permissions.canQuery("notifications")) {
    return <Result status="403" title={t("notificationsPage.noAccess")} data-testid="notifications-no-access" />;
  }
  const connection = data?.notifications;

  const open = (notification: BellNotification) => {
    if (!notification.read && canMark) void markRead({ input: { ids: [notification.id] } });
    const path = entityPath(notification.entityId);
    if (path) void navigate(path);
  };

  return (
    <Flex vertical gap={16} data-testid="notifications-page">
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t("notificationsPage.title")}
        </Typography.Title>
        {canMark && (
          <Button loading={marking} onClick={() => void markRead({ input: { ids: null } })} data-testid="notifications-mark-all">
            {t("header.markAllRead")}
          </Button>
        )}
      </Flex>
      <Card>
        <Flex vertical gap={12}>
          <Segmented
            value={unreadOnly ? "unread" : "all"}
            onChange={(value) => setParams(value === "unread" ? { unread: "1" } : {}, { replace: true })}
            options={[
              { value: "all", label: t("notificationsPage.all") },
              { value: "unread", label: t("notificationsPage.unread") },
            ]}
            data-testid="notifications-filter"
          />
          {error && !connection ? (
            <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
          ) : !connection ? (
            <Skeleton active />
          ) : connection.nodes.length === 0 ? (
            <Empty description={t(unreadOnly ? "notificationsPage.noneUnread" : "header.notificationsEmpty")} data-testid="notifications-empty" />
          ) : (
            <Flex vertical role="list" data-testid="notifications-list">
              {connection.nodes.map((notification) => (
                <NotificationItem key={notification.id} notification={notification} onOpen={open} />
              ))}
            </Flex>
          )}
          <CursorPager
            pages={pages}
            pageInfo={connection?.pageInfo ?? null}
            totalCount={connection?.totalCount ?? null}
            disabled={fetching}
            testId="notifications-pager"
          />
        </Flex>
      </Card>
    </Flex>
  );
};
