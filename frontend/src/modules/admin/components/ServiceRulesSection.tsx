import { Flex, Skeleton } from "antd";
import { useQuery } from "urql";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { ADMIN_SERVICE_RULES_QUERY } from "../graphql/adminServiceRulesQuery";
import { AgentProfilesCard } from "./AgentProfilesCard";
import { AutoCloseDaysCard } from "./AutoCloseDaysCard";
import { BusinessCalendarsCard } from "./BusinessCalendarsCard";
import { RoutingRulesCard } from "./RoutingRulesCard";
import { SlaPoliciesCard } from "./SlaPoliciesCard";

/** /admin/service: SLA policies, business calendars, routing rules, auto-close and agents' profiles. */
export const ServiceRulesSection = () => {
  const [{ data, error }, refetch] = useQuery({ query: ADMIN_SERVICE_RULES_QUERY });
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data) return <RequestFailedResult error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const queues = data.teams.filter((team) => team.kind === "service");
  return (
    <Flex vertical gap={16} data-testid="service-rules">
      <SlaPoliciesCard policies={data.slaPolicies} calendars={data.businessCalendars} onChanged={reload} />
      <BusinessCalendarsCard calendars={data.businessCalendars} onChanged={reload} />
      <RoutingRulesCard rules={data.routingRules} queues={queues.length > 0 ? queues : data.teams} onChanged={reload} />
      <AutoCloseDaysCard days={data.autoCloseDays} onChanged={reload} />
      <AgentProfilesCard agents={data.serviceAgents} onChanged={reload} />
    </Flex>
  );
};
