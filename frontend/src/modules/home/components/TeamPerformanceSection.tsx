import { Col, Flex, Progress, Row, Statistic, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { HomeTeamPerformanceQuery } from "../../../generated/graphql";
import { customersPath } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useHomeTeamPerformanceQuery } from "../hooks/useHomeTeamPerformanceQuery";
import { HomeSection } from "./HomeSection";

type RepRow = HomeTeamPerformanceQuery["salesPerformance"][number];

const toPercent = (share: number | null | undefined) => (share === null || share === undefined ? 0 : Math.round(share * 1000) / 10);

/** This month's won amount against the target, the weighted pipeline, and each rep's results. */
export const TeamPerformanceSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useHomeTeamPerformanceQuery();
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
            columns={[
              {
                key: "rep",
                title: t("teamPerformance.rep"),
                render: (_, row) => {
                  const path = customersPath("ownerIds", row.id);
                  const name = row.key ?? t("teamPerformance.unassigned");
                  return path ? <Link to={path}>{name}</Link> : name;
                },
              },
              { key: "wonAmount", title: t("teamPerformance.wonAmount"), align: "right", render: (_, row) => format.moneyShort(row.wonAmount) },
              { key: "won", title: t("teamPerformance.wonCount"), align: "right", render: (_, row) => format.number(row.won) },
              { key: "open", title: t("teamPerformance.open"), align: "right", render: (_, row) => format.number(row.open) },
              { key: "winRate", title: t("teamPerformance.winRate"), align: "right", render: (_, row) => format.percent(row.winRate) },
            ]}
          />
        </Flex>
      )}
    </HomeSection>
  );
};
