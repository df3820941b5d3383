import { Flex } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { useDashboardLabels } from "../../dashboards/hooks/useDashboardLabels";
import { drillDowns } from "../../dashboards/utils/drillDown";
import { SlaCountdown } from "../../ui/components/SlaCountdown";
import { useNow } from "../../ui/hooks/useNow";
import { bySlaUrgency, runningSlaClock } from "../../ui/utils/slaClock";
import { HOME_MY_TICKETS_QUERY } from "../graphql/homeMyTicketsQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";
import { PriorityTag } from "./PriorityTag";

/** Open tickets assigned to the viewer, the most urgent SLA deadline first. */
export const MyTicketsSection = ({ viewerId }: { viewerId: string }) => {
  const { t } = useTranslation("home");
  const labels = useDashboardLabels();
  const now = useNow(30_000);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_MY_TICKETS_QUERY, variables: { assigneeId: viewerId, first: 10 } });
  const tickets = [...(data?.tickets.nodes ?? [])].sort(bySlaUrgency(now));
  return (
    <HomeSection
      testId="home-section-myTickets"
      title={t("myTickets.title")}
      count={data?.tickets.totalCount}
      countTo={drillDowns.myTickets()}
      link={{ to: "/service", label: t("myTickets.console") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={tickets.length === 0}
      emptyText={t("myTickets.empty")}
    >
      <HomeList
        testId="my-tickets"
        items={tickets.map((ticket) => {
          const clock = runningSlaClock(ticket);
          return {
            key: ticket.id,
            title: (
              <Link to={`/service/tickets/${ticket.id}`}>
                {ticket.number} {ticket.subject}
              </Link>
            ),
            description: [ticket.customer?.name, labels.ticketStatus(ticket.status)].filter(Boolean).join(" · "),
            extra: (
              <Flex vertical align="end" gap={2}>
                <PriorityTag priority={ticket.priority} />
                {clock && <SlaCountdown clock={clock} showTarget />}
              </Flex>
            ),
          };
        })}
      />
    </HomeSection>
  );
};
