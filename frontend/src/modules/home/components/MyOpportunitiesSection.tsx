import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { drillDowns } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_MY_OPPORTUNITIES_QUERY } from "../graphql/homeMyOpportunitiesQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

/** The viewer's open deals with their stage and amount. */
export const MyOpportunitiesSection = ({ viewerId }: { viewerId: string }) => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_MY_OPPORTUNITIES_QUERY, variables: { ownerId: viewerId, first: 6 } });
  const deals = data?.opportunities.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-myOpportunities"
      title={t("myOpportunities.title")}
      count={data?.opportunities.totalCount}
      countTo={drillDowns.myOpenDeals(viewerId)}
      link={{ to: "/pipeline" }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={deals.length === 0}
      emptyText={t("myOpportunities.empty")}
    >
      <HomeList
        testId="my-opportunities"
        items={deals.map((deal) => ({
          key: deal.id,
          title: deal.customer ? <Link to={`/customers/${deal.customer.id}`}>{deal.name}</Link> : deal.name,
          description: [
            deal.customer?.name,
            deal.expectedClose ? t("myOpportunities.expectedClose", { date: format.date(deal.expectedClose) }) : null,
          ]
            .filter(Boolean)
            .join(" · "),
          extra: (
            <>
              {deal.stage && <Tag color="blue">{deal.stage.name}</Tag>}
              <Typography.Text strong>{format.money(deal.amount)}</Typography.Text>
            </>
          ),
        }))}
      />
    </HomeSection>
  );
};
