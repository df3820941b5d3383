import { Flex, Skeleton } from "antd";
import { useQuery } from "urql";

import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { ADMIN_SALES_RULES_QUERY } from "../graphql/adminSalesRulesQuery";
import { LeadRulesCard } from "./LeadRulesCard";
import { PipelineStagesCard } from "./PipelineStagesCard";
import { PoolRulesCard } from "./PoolRulesCard";
import { SalesTargetsCard } from "./SalesTargetsCard";

/** /admin/sales: pipeline stages and approval gates, lead assignment, pool rules per grade, targets. */
export const SalesRulesSection = () => {
  const [{ data, error }, refetch] = useQuery({ query: ADMIN_SALES_RULES_QUERY });
  const reload = () => refetch({ requestPolicy: "network-only" });

  if (error && !data) return <RequestFailedResult error={error} onRetry={reload} />;
  if (!data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const salesTeams = data.teams.filter((team) => team.kind === "sales");
  return (
    <Flex vertical gap={16} data-testid="sales-rules">
      <PipelineStagesCard stages={data.pipelineStages} onChanged={reload} />
      <LeadRulesCard rules={data.leadRules} people={data.salesForce} teams={salesTeams} onChanged={reload} />
      <PoolRulesCard rules={data.poolRules} stages={data.pipelineStages} onChanged={reload} />
      <SalesTargetsCard people={data.salesForce} teams={salesTeams} />
    </Flex>
  );
};
