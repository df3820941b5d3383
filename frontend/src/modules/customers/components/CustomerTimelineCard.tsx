import { Button, Card, Divider, Empty, Flex, Skeleton, Timeline } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCustomer360Timeline } from "../hooks/useCustomer360Timeline";
import type { CustomerTimelineAccess } from "../utils/customerAccess";
import { isReadableTimelineEntry } from "../utils/timelineEntries";
import { ActivityLogForm, type LoggedActivity } from "./ActivityLogForm";
import { timelineEntryItem } from "./timelineEntryItem";

type CustomerTimelineCardProps = {
  customerId: string;
  access: CustomerTimelineAccess;
  /** Show the "log a follow-up" form. */
  canLog: boolean;
  contacts: ReadonlyArray<{ id: string; name: string }>;
};

/** The unified timeline (activities, orders, tickets, stage changes, pool movements), newest first. */
export const CustomerTimelineCard = ({ customerId, access, canLog, contacts }: CustomerTimelineCardProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const viewer = useCurrentViewer();
  const timeline = useCustomer360Timeline(customerId, access);
  const { prepend } = timeline;

  const onLogged = useCallback(
    (activity: LoggedActivity) =>
      prepend({
        __typename: "TimelineEntryEdge",
        cursor: `logged:${activity.id}`,
        node: {
          __typename: "Activity",
          id: activity.id,
          activityKind: activity.kind,
          subject: activity.subject,
          body: activity.body,
          outcome: activity.outcome,
          occurredAt: activity.occurredAt,
          // Whoever logs it did it.
          ...(access.withActivityActor ? { actor: { __typename: "User", id: viewer.id, name: viewer.name } } : {}),
          ...(access.withActivityContact
            ? { contact: activity.contact ? { __typename: "Contact", id: activity.contact.id, name: activity.contact.name } : null }
            : {}),
        },
      }),
    [prepend, access, viewer.id, viewer.name],
  );

  const items = useMemo(
    () => timeline.edges.filter((edge) => isReadableTimelineEntry(edge.node)).map((edge) => timelineEntryItem(edge, t, format)),
    [timeline.edges, t, format],
  );

  return (
    <Card title={t("timeline.title")} data-testid="customer-section-timeline">
      {canLog && (
        <>
          <ActivityLogForm customerId={customerId} contacts={contacts} onLogged={onLogged} />
          <Divider />
        </>
      )}
      {timeline.loading ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : timeline.error && items.length === 0 ? (
        <RequestFailedResult error={timeline.error} onRetry={timeline.reload} />
      ) : items.length === 0 ? (
        <Empty description={t("timeline.empty")} data-testid="timeline-empty" />
      ) : (
        <>
          <Timeline items={items} data-testid="customer-timeline" />
          {timeline.hasNextPage && (
            <Flex justify="center">
              <Button onClick={() => void timeline.loadMore()} loading={timeline.loadingMore} data-testid="timeline-load-more">
                {t("timeline.loadMore")}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Card>
  );
};
