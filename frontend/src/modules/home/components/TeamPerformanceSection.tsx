import { Col, Flex, Progress, Row, Statistic, Table, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import type { HomeTeamPerformanceQuery } from "../../../generated/graphql";
import { DrillLink } from "../../dashboards/components/DrillLink";
import { periodFromSearchParams } from "../../dashboards/utils/dashboardPeriod";
import { drillDowns } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_TEAM_PERFORMANCE_QUERY } from "../graphql/homeTeamPerformanceQuery";
import { HomeSection } from "./HomeSection";

type RepRow = HomeTeamPerformanceQuery["salesPerformance"][number];

/** A rep's count, linking to the deals it counts. */
const RepCount = ({ count, to }: { count: number; to: string | null }) => {
  const format = useFormatters();
  return to ? (
    <DrillLink to={to} count={count}>
      {format.number(count)}
    </DrillLink>
  ) : (
    <>{format.number(count)}</>
  );
};

const toPercent = (share: number | null | undefined) => (share === null || share === undefined ? 0 : Math.round(share * 1000) / 10);

/** This month's won amount against the target, the weighted pipeline, and each rep's results against their own target. */
export const TeamPerformanceSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const month = useMemo(() => periodFromSearchParams(new URLSearchParams(), dayjs()), []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_TEAM_PERFORMANCE_QUERY, variables: { from: month.from, to: month.to } });
  const forecast = data?.salesForecast;
  const reps = data?.salesPerformance ?? [];
  return (
    <HomeSection
      testId="home-section-teamPerformance"
      title={t("teamPerformance.title")}
      link={{ to: "/dashboards", label: t("toDashboards") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={!forecast}
      emptyText={t("teamPerformance.empty")}
    >
      {forecast && (
        <Flex vertical gap={12}>
          <Row gutter={[16, 8]}>
            <Col xs={12} md={6}>
              <Statistic title={t("teamPerformance.won")} value={format.moneyShort(forecast.wonAmount)} data-testid="team-won" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t("teamPerformance.target")}
                value={forecast.target === null ? t("teamPerformance.noTarget") : format.moneyShort(forecast.target)}
                data-testid="team-target"
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t("teamPerformance.weightedByProbability")} value={format.moneyShort(forecast.weightedByProbability)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t("teamPerformance.weightedByHistory")} value={format.moneyShort(forecast.weightedByHistory)} />
            </Col>
          </Row>
          <div data-testid="team-attainment">
            <Typography.Text type="secondary">
              {t("teamPerformance.attainment", {
                attainment: format.percent(forecast.attainment),
                projected: format.percent(forecast.projectedAttainment),
              })}
            </Typography.Text>
            <Progress
              percent={Math.min(100, toPercent(forecast.projectedAttainment))}
              success={{ percent: Math.min(100, toPercent(forecast.attainment)) }}
              format={() => format.percent(forecast.attainment)}
              aria-label={t("teamPerformance.attainmentLabel")}
            />
          </div>
          <Table<RepRow>
            data-testid="team-reps"
            size="small"
            pagination={false}
            rowKey={(row) => row.id ?? row.key ?? "unknown"}
            dataSource={reps}
            locale={{ emptyText: t("teamPerformance.noDeals") }}
            scroll={{ x: "max-content" }}
            columns={[
              { key: "rep", title: t("teamPerformance.rep"), render: (_, row) => row.key ?? t("teamPerformance.unassigned") },
              {
                key: "target",
                title: t("teamPerformance.repTarget"),
                align: "right",
                render: (_, row) => (row.target === null ? t("teamPerformance.noTarget") : format.moneyShort(row.target)),
              },
              { key: "wonAmount", title: t("teamPerformance.wonAmount"), align: "right", render: (_, row) => format.moneyShort(row.wonAmount) },
              {
                key: "attainment",
                title: t("teamPerformance.repAttainment"),
                render: (_, row) =>
                  row.attainment === null ? (
                    "—"
                  ) : (
                    <Progress
                      percent={Math.min(100, toPercent(row.attainment))}
                      format={() => format.percent(row.attainment)}
                      size="small"
                      style={{ minWidth: 96, margin: 0 }}
                      data-testid="rep-attainment"
                    />
                  ),
              },
              {
                key: "won",
                title: t("teamPerformance.wonCount"),
                align: "right",
                render: (_, row) => <RepCount count={row.won} to={drillDowns.wonDeals({ ownerId: row.id ?? null }, month)} />,
              },
              {
                key: "open",
                title: t("teamPerformance.open"),
                align: "right",
                render: (_, row) => <RepCount count={row.open} to={drillDowns.openDeals(row.id ?? null, month)} />,
              },
              { key: "winRate", title: t("teamPerformance.winRate"), align: "right", render: (_, row) => format.percent(row.winRate) },
            ]}
          />
        </Flex>
      )}
    </HomeSection>
  );
};
