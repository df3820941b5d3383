import { Flex } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useDashboardLabels } from "../../dashboards/hooks/useDashboardLabels";
import { useHomeMyTicketsQuery } from "../hooks/useHomeMyTicketsQuery";
import { useNow } from "../hooks/useNow";
import { bySlaUrgency } from "../utils/slaDue";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";
import { PriorityTag } from "./PriorityTag";
import { SlaCountdown } from "./SlaCountdown";

/** Open tickets assigned to the viewer, the most urgent SLA deadline first. */
export const MyTicketsSection = ({ viewerId }: { viewerId: string }) => {
  const { t } = useTranslation("home");
  const labels = useDashboardLabels();
  const now = useNow(30_000);
  const [{ data, fetching, error }, reexecute] = useHomeMyTicketsQuery({ assigneeId: viewerId, first: 10 });
  const tickets = [...(data?.tickets.nodes ?? [])].sort(bySlaUrgency(now));
  return (
    <HomeSection
      testId="home-section-myTickets"
      title={t("myTickets.title")}
      count={data?.tickets.totalCount}
      link={{ to: "/service", label: t("myTickets.console") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={tickets.length === 0}
      emptyText={t("myTickets.empty")}
    >
      <HomeList
        testId="my-tickets"
        items={tickets.map((ticket) => ({
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
              <SlaCountdown ticket={ticket} now={now} />
            </Flex>
          ),
        }))}
      />
    </HomeSection>
  );
};
