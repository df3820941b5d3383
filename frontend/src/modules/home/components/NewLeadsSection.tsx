import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { drillDowns } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useLeadSourceLabel } from "../../sales/hooks/useLeadSourceLabel";
import { HOME_NEW_LEADS_QUERY } from "../graphql/homeNewLeadsQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

/** New leads the viewer owns and has not worked yet. */
export const NewLeadsSection = ({ viewerId }: { viewerId: string }) => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_NEW_LEADS_QUERY, variables: { ownerId: viewerId, first: 6 } });
  const leads = data?.leads.nodes ?? [];
  const sourceLabel = useLeadSourceLabel();
  return (
    <HomeSection
      testId="home-section-newLeads"
      title={t("newLeads.title")}
      count={data?.leads.totalCount}
      countTo={drillDowns.myNewLeads(viewerId)}
      link={{ to: "/leads" }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={leads.length === 0}
      emptyText={t("newLeads.empty")}
    >
      <HomeList
        testId="new-leads"
        items={leads.map((lead) => ({
          key: lead.id,
          title: lead.name,
          description: [lead.company, sourceLabel(lead.source), format.relative(lead.createdAt)].filter(Boolean).join(" · "),
          extra: <Tag color={lead.score >= 70 ? "green" : "default"}>{t("newLeads.score", { score: lead.score })}</Tag>,
        }))}
      />
    </HomeSection>
  );
};
