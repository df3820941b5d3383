import { Flex, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useHomeEscalationsQuery } from "../hooks/useHomeEscalationsQuery";
import { useNow } from "../hooks/useNow";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";
import { PriorityTag } from "./PriorityTag";
import { SlaCountdown } from "./SlaCountdown";

/** Open tickets that were escalated, for the supervisor to act on. */
export const EscalationsSection = () => {
  const { t } = useTranslation("home");
  const now = useNow(30_000);
  const [{ data, fetching, error }, reexecute] = useHomeEscalationsQuery({ first: 6 });
  const tickets = data?.tickets.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-escalations"
      title={t("escalations.title")}
      count={data?.tickets.totalCount}
      link={{ to: "/service?escalatedOnly=true", label: t("myTickets.console") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={tickets.length === 0}
      emptyText={t("escalations.empty")}
    >
      <HomeList
        testId="escalations"
        items={tickets.map((ticket) => ({
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
              <SlaCountdown ticket={ticket} now={now} />
            </Flex>
          ),
        }))}
      />
    </HomeSection>
  );
};
