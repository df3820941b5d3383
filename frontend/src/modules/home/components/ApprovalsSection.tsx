import { Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";

import { drillDowns } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_APPROVALS_QUERY } from "../graphql/homeApprovalsQuery";
import { HomeList } from "./HomeList";
import { HomeSection } from "./HomeSection";

/** Approval requests waiting for the viewer's decision. */
export const ApprovalsSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_APPROVALS_QUERY, variables: { first: 5 } });
  const approvals = data?.approvals.nodes ?? [];
  return (
    <HomeSection
      testId="home-section-approvals"
      title={t("approvals.title")}
      count={data?.approvals.totalCount}
      countTo={drillDowns.pendingApprovals()}
      link={{ to: "/approvals", label: t("approvals.decide") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={approvals.length === 0}
      emptyText={t("approvals.empty")}
    >
      <HomeList
        testId="home-approvals"
        items={approvals.map((approval) => ({
          key: approval.id,
          title: <Link to="/approvals">{approval.opportunity?.name ?? t("approvals.unknownDeal")}</Link>,
          description: [
            approval.opportunity?.customer?.name,
            approval.requestedBy ? t("approvals.requestedBy", { name: approval.requestedBy.name }) : null,
            format.relative(approval.createdAt),
          ]
            .filter(Boolean)
            .join(" · "),
          extra: (
            <>
              {approval.toStage && <Tag color="gold">{approval.toStage.name}</Tag>}
              <Typography.Text strong>{format.money(approval.amount)}</Typography.Text>
            </>
          ),
        }))}
      />
    </HomeSection>
  );
};
