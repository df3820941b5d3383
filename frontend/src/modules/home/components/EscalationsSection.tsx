import { Flex, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { drillDowns } from "../../dashboards/utils/drillDown";
import { SlaCountdown } from "../../ui/components/SlaCountdown";
import { runningSlaClock } from "../../ui/utils/slaClock";
import { HOME_ESCALATIONS_QUERY } from "../graphql/homeEscalationsQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";
import { PriorityTag } from "./PriorityTag";

/** Open tickets that were escalated, for the supervisor to act on. */
export const EscalationsSection = () => {
  const { t } = useTranslation("home");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_ESCALATIONS_QUERY, variables: { first: 6 } });
  const tickets = data?.tickets.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-escalations"
      title={t("escalations.title")}
      count={data?.tickets.totalCount}
      countTo={drillDowns.escalatedTickets()}
      link={{ to: drillDowns.escalatedTickets(), label: t("myTickets.console") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={tickets.length === 0}
      emptyText={t("escalations.empty")}
    >
      <HomeList
        testId="escalations"
        items={tickets.map((ticket) => {
          const clock = runningSlaClock(ticket);
          return {
            key: ticket.id,
            title: (
              <Link to={`/service/tickets/${ticket.id}`}>
                {ticket.number} {ticket.subject}
              </Link>
            ),
            description: ticket.assignee ? t("escalations.assignee", { name: ticket.assignee.name }) : t("escalations.unassigned"),
            extra: (
              <Flex vertical align="end" gap={2}>
                <Flex gap={4}>
                  <Tag color="volcano">{t("escalations.level", { level: ticket.escalationLevel })}</Tag>
                  <PriorityTag priority={ticket.priority} />
                </Flex>
                {clock && <SlaCountdown clock={clock} showTarget />}
              </Flex>
            ),
          };
        })}
      />
    </HomeSection>
  );
};
