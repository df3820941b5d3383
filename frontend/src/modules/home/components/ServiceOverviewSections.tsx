import { Col, Flex, Statistic, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { LazyEChart } from "../../dashboards/components/LazyEChart";
import { useChartFormatters } from "../../dashboards/hooks/useChartFormatters";
import { useDashboardLabels } from "../../dashboards/hooks/useDashboardLabels";
import { seriesChartOption } from "../../dashboards/utils/chartOptions";
import { DrillLink } from "../../dashboards/components/DrillLink";
import { drillDowns } from "../../dashboards/utils/drillDown";
import { backlogByStatus, bucketLabel } from "../../dashboards/utils/volumeSeries";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { HOME_SERVICE_OVERVIEW_QUERY } from "../graphql/homeServiceOverviewQuery";
import { HomeSection } from "./HomeSection";

/** Weeks of CSAT the trend shows. */
const CSAT_WEEKS = 12;

/** The supervisor's queue backlog (per status and queue) and the CSAT trend, from one serviceStats query. */
export const ServiceOverviewSections = () => {
  const { t } = useTranslation("home");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const permissions = usePermissions();
  const createdFrom = useMemo(() => dayjs().startOf("week").subtract(CSAT_WEEKS - 1, "week").startOf("day").format(), []);
  const withTeams = permissions.canQuery("teams") && permissions.has("Team", "name", "READ");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_SERVICE_OVERVIEW_QUERY, variables: { createdFrom, withTeams } });
  const retry = () => reexecute({ requestPolicy: "network-only" });
  const stats = data?.serviceStats;

  const backlog = useMemo(() => backlogByStatus(stats?.backlog ?? []), [stats]);
  const open = backlog.reduce((sum, row) => sum + row.count, 0);
  const queues = useMemo(() => {
    const names = new Map((data?.teams ?? []).map((team) => [team.id, team.name]));
    const totals = new Map<string | null, number>();
    for (const row of stats?.backlog ?? []) totals.set(row.second, (totals.get(row.second) ?? 0) + row.count);
    return [...totals.entries()]
      .map(([id, count]) => ({ id, name: id ? (names.get(id) ?? t("backlog.otherQueue")) : t("backlog.noQueue"), count }))
      .sort((a, b) => b.count - a.count);
  }, [data?.teams, stats, t]);

  const trend = useMemo(() => stats?.csatTrend ?? [], [stats]);
  const option = useMemo(
    () =>
      seriesChartOption({
        categories: trend.map((point) => bucketLabel(point.key, "WEEK")),
        series: [{ name: t("csat.average"), values: trend.map((point) => point.average) }],
        kind: "line",
        valueFormat: format.stars,
        yRange: { min: 1, max: 5 },
      }),
    [trend, t, format],
  );

  return (
    <>
      <Col xs={24} xl={12}>
        <HomeSection
          testId="home-section-backlog"
          title={t("backlog.title")}
          count={stats ? open : undefined}
          countTo={drillDowns.openTickets()}
          link={{ to: "/service", label: t("myTickets.console") }}
          fetching={fetching}
          error={error}
          onRetry={retry}
          empty={!stats || open === 0}
          emptyText={t("backlog.empty")}
        >
          <Flex vertical gap={12}>
            <Flex gap={24} wrap data-testid="backlog-by-status">
              {backlog.map((row) => {
                const path = drillDowns.openTickets(row.key);
                const title = labels.ticketStatus(row.key);
                return (
                  <Statistic
                    key={row.key ?? "unknown"}
                    title={
                      path ? (
                        <DrillLink to={path} count={row.count}>
                          {title}
                        </DrillLink>
                      ) : (
                        title
                      )
                    }
                    value={format.count(row.count)}
                  />
                );
              })}
            </Flex>
            <div data-testid="backlog-by-queue">
              {queues.map((queue) => (
                <Flex key={queue.id ?? "none"} justify="space-between">
                  <Typography.Text>{queue.name}</Typography.Text>
                  <Typography.Text strong>{format.count(queue.count)}</Typography.Text>
                </Flex>
              ))}
            </div>
          </Flex>
        </HomeSection>
      </Col>
      <Col xs={24} xl={12}>
        <HomeSection
          testId="home-section-csat"
          title={t("csat.title", { weeks: CSAT_WEEKS })}
          link={{ to: "/dashboards", label: t("toDashboards") }}
          fetching={fetching}
          error={error}
          onRetry={retry}
          empty={trend.length === 0}
          emptyText={t("csat.empty")}
        >
          <Statistic
            title={t("csat.overall", { ratings: format.count(stats?.ratings ?? 0) })}
            value={format.stars(stats?.csat)}
            suffix="/ 5"
            data-testid="csat-overall"
          />
          <LazyEChart option={option} height={180} testId="home-csat-chart" />
        </HomeSection>
      </Col>
    </>
  );
};
