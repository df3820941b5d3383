import { Flex, Progress, Statistic, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { Bucket, DashboardServiceQuery } from "../../../generated/graphql";
import { useChartFormatters } from "../hooks/useChartFormatters";
import { useDashboardLabels } from "../hooks/useDashboardLabels";
import { useDashboardServiceQuery } from "../hooks/useDashboardServiceQuery";
import type { ChartClick } from "../types/ChartClick";
import { barChartOption, seriesChartOption } from "../utils/chartOptions";
import { hasServicePanels, type DashboardPanels } from "../utils/dashboardPanels";
import { startOfDayTimestamp, type DashboardPeriod } from "../utils/dashboardPeriod";
import { drillDowns, type DrillPeriod } from "../utils/drillDown";
import { backlogByStatus, bucketLabel, volumeSeries } from "../utils/volumeSeries";
import { ChartPanel } from "./ChartPanel";
import { DashboardSection } from "./DashboardSection";
import { PanelCol } from "./PanelCol";

type Stats = DashboardServiceQuery["serviceStats"];
type KeyCounts = NonNullable<Stats["backlog"]>;
type AgentScores = NonNullable<Stats["csatByAgent"]>;

const CompliancePercent = ({ title, value, testId }: { title: string; value: number | null | undefined; testId: string }) => {
  const format = useChartFormatters();
  return (
    <Flex vertical align="center" gap={4} data-testid={testId}>
      <Progress
        type="dashboard"
        size={88}
        percent={value === null || value === undefined ? 0 : Math.round(value * 1000) / 10}
        format={() => format.percent(value)}
        status={value !== null && value !== undefined && value < 0.8 ? "exception" : "normal"}
      />
      <Typography.Text type="secondary">{title}</Typography.Text>
    </Flex>
  );
};

const CsatPanel = ({ stats, bucket }: { stats: Stats; bucket: Bucket }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const trend = useMemo(() => stats.csatTrend ?? [], [stats.csatTrend]);
  const { option, table } = useMemo(
    () => ({
      option: seriesChartOption({
        categories: trend.map((point) => bucketLabel(point.key, bucket)),
        series: [{ name: t("csat.average"), values: trend.map((point) => point.average) }],
        kind: "line",
        valueFormat: (value) => format.stars(value),
        yRange: { min: 1, max: 5 },
      }),
      table: {
        columns: [t("csat.bucket"), t("csat.average"), t("csat.ratings")],
        rows: trend.map((point) => ({
          key: point.key,
          label: bucketLabel(point.key, bucket),
          values: [format.stars(point.average), format.count(point.count)],
          drillTo: null,
        })),
      },
    }),
    [trend, bucket, t, format],
  );
  const summary = (
    <Flex gap={24} wrap align="center" justify="space-around" style={{ marginBottom: 8 }}>
      <Statistic title={t("csat.overall")} value={format.stars(stats.csat)} suffix="/ 5" />
      <Statistic title={t("csat.ratings")} value={format.count(stats.ratings ?? 0)} />
      <CompliancePercent testId="sla-first-response" title={t("csat.firstResponseCompliance")} value={stats.firstResponseCompliance} />
      <CompliancePercent testId="sla-resolution" title={t("csat.resolutionCompliance")} value={stats.resolutionCompliance} />
    </Flex>
  );
  return <ChartPanel testId="panel-csat" title={t("csat.title")} option={option} table={table} summary={summary} height={240} />;
};

/** Average rating per agent (the one the customer rated), by name, best first. */
const CsatByAgentPanel = ({ rows }: { rows: AgentScores }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const { option, table } = useMemo(() => {
    const named = rows.map((row) => ({ ...row, label: row.name ?? t("csatByAgent.unassigned") }));
    return {
      option: barChartOption({
        data: named.map((row) => ({ name: row.label, value: row.average })),
        seriesName: t("csat.average"),
        valueFormat: (value) => format.stars(value),
        horizontal: true,
      }),
      table: {
        columns: [t("csatByAgent.agent"), t("csat.average"), t("csat.ratings")],
        rows: named.map((row) => ({
          key: row.id ?? "unassigned",
          label: row.label,
          values: [format.stars(row.average), format.count(row.ratings)],
          drillTo: null,
        })),
      },
    };
  }, [rows, t, format]);
  return (
    <ChartPanel
      testId="panel-csat-by-agent"
      title={t("csatByAgent.title")}
      option={option}
      table={table}
      height={Math.max(200, 40 * rows.length + 40)}
    />
  );
};

type VolumeBy = "category" | "channel";

const seriesRow = (click: ChartClick): number => click.seriesIndex;

const VolumePanel = ({ rows, by, bucket, period }: { rows: KeyCounts; by: VolumeBy; bucket: Bucket; period: DrillPeriod }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const { option, table } = useMemo(() => {
    const { buckets, series } = volumeSeries(rows);
    const label = by === "category" ? labels.category : labels.channel;
    return {
      option: seriesChartOption({
        categories: buckets.map((key) => bucketLabel(key, bucket)),
        series: series.map((entry) => ({ name: label(entry.key), values: entry.values })),
        kind: "stackedBar",
        valueFormat: format.count,
      }),
      table: {
        columns: [t(`volume.by.${by}`), t("volume.tickets")],
        rows: series.map((entry) => ({
          key: entry.key ?? "unknown",
          label: label(entry.key),
          values: [format.count(entry.total)],
          drillTo: drillDowns.ticketVolume(by, entry.key, period),
          drillCount: entry.total,
        })),
      },
    };
  }, [rows, by, bucket, period, labels, format, t]);
  // A bar stands for its series (the category or channel), whichever bucket it is in.
  return (
    <ChartPanel
      testId={`panel-volume-${by}`}
      title={t(`volume.title.${by}`)}
      option={option}
      table={table}
      rowOfClick={seriesRow}
    />
  );
};

const BacklogPanel = ({ rows }: { rows: KeyCounts }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const { option, table } = useMemo(() => {
    const totals = backlogByStatus(rows);
    const data = totals.map((row) => ({ name: labels.ticketStatus(row.key), value: row.count }));
    return {
      option: barChartOption({ data, seriesName: t("backlog.open"), valueFormat: format.count }),
      table: {
        columns: [t("backlog.status"), t("backlog.open")],
        rows: totals.map((row, index) => ({
          key: row.key ?? "unknown",
          label: data[index]?.name ?? "",
          values: [format.count(row.count)],
          drillTo: drillDowns.openTickets(row.key),
          drillCount: row.count,
        })),
      },
    };
  }, [rows, labels, format, t]);
  const open = rows.reduce((sum, row) => sum + row.count, 0);
  const summary = <Statistic title={t("backlog.total")} value={format.count(open)} style={{ marginBottom: 8 }} />;
  return <ChartPanel testId="panel-backlog" title={t("backlog.title")} option={option} table={table} summary={summary} height={240} />;
};

/** CSAT trend and SLA compliance; ticket volume per category and channel; the open backlog. */
export const ServiceDashboard = ({ period, panels }: { period: DashboardPeriod; panels: DashboardPanels }) => {
  const { t } = useTranslation("dashboards");
  const enabled = hasServicePanels(panels);
  const variables = useMemo(
    () => ({
      createdFrom: startOfDayTimestamp(period.from),
      createdTo: startOfDayTimestamp(period.to),
      bucket: period.bucket,
      withCsat: panels.csat,
      withCsatByAgent: panels.csatByAgent,
      withVolume: panels.ticketVolume,
    }),
    [period, panels],
  );
  const [{ data, fetching, error }, reexecute] = useDashboardServiceQuery(variables, !enabled);
  if (!enabled) return null;
  const stats = data?.serviceStats;
  return (
    <DashboardSection
      testId="dashboard-service"
      title={t("sections.service")}
      panelCount={(panels.csat ? 1 : 0) + (panels.csatByAgent ? 1 : 0) + (panels.ticketVolume ? 3 : 0)}
      fetching={fetching}
      hasData={Boolean(stats)}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
    >
      {stats && panels.csat && (
        <PanelCol>
          <CsatPanel stats={stats} bucket={period.bucket} />
        </PanelCol>
      )}
      {stats?.csatByAgent && (
        <PanelCol>
          <CsatByAgentPanel rows={stats.csatByAgent} />
        </PanelCol>
      )}
      {stats?.backlog && (
        <PanelCol>
          <BacklogPanel rows={stats.backlog} />
        </PanelCol>
      )}
      {stats?.volumeByCategory && (
        <PanelCol>
          <VolumePanel rows={stats.volumeByCategory} by="category" bucket={period.bucket} period={period} />
        </PanelCol>
      )}
      {stats?.volumeByChannel && (
        <PanelCol>
          <VolumePanel rows={stats.volumeByChannel} by="channel" bucket={period.bucket} period={period} />
        </PanelCol>
      )}
    </DashboardSection>
  );
};
