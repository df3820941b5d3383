import { Flex, Statistic } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { DashboardSalesQuery } from "../../../generated/graphql";
import { useChartFormatters } from "../hooks/useChartFormatters";
import { useDashboardLabels } from "../hooks/useDashboardLabels";
import { useDashboardSalesQuery } from "../hooks/useDashboardSalesQuery";
import type { ChartClick } from "../types/ChartClick";
import type { ChartTable } from "../types/ChartTable";
import { barChartOption, barDatumIndex, funnelChartOption, seriesChartOption } from "../utils/chartOptions";
import type { DashboardPanels } from "../utils/dashboardPanels";
import { hasSalesPanels } from "../utils/dashboardPanels";
import type { DashboardPeriod } from "../utils/dashboardPeriod";
import { drillDowns, type DrillPeriod } from "../utils/drillDown";
import { ChartPanel } from "./ChartPanel";
import { DashboardSection } from "./DashboardSection";
import { PanelCol } from "./PanelCol";

type SalesDashboardProps = {
  period: DashboardPeriod;
  panels: DashboardPanels;
};

type PerformanceRows = NonNullable<DashboardSalesQuery["revenueByRegion"]>;
type RepRows = NonNullable<DashboardSalesQuery["revenueByRep"]>;
type Forecast = NonNullable<DashboardSalesQuery["forecastMonth"]>;

const FunnelPanel = ({ steps, period }: { steps: NonNullable<DashboardSalesQuery["funnel"]>; period: DrillPeriod }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const { option, table } = useMemo(() => {
    const data = steps.map((step) => ({ name: step.stageName, value: step.reached }));
    const rows: ChartTable["rows"] = steps.map((step) => ({
      key: step.stageKey,
      label: step.stageName,
      values: [format.count(step.reached), format.money(Number(step.amount)), format.percent(step.toNext)],
      drillTo: drillDowns.funnelStep(step.stageKey, period),
      drillCount: step.reached,
    }));
    return {
      option: funnelChartOption({ data, seriesName: t("funnel.reached"), valueFormat: format.count }),
      table: { columns: [t("funnel.stage"), t("funnel.reached"), t("funnel.amount"), t("funnel.toNext")], rows },
    };
  }, [steps, period, format, t]);
  return <ChartPanel testId="panel-funnel" title={t("funnel.title")} option={option} table={table} />;
};

type RevenueBy = "region" | "month" | "rep";

const REVENUE_TEST_IDS: Record<RevenueBy, string> = {
  region: "panel-revenue-region",
  month: "panel-revenue-month",
  rep: "panel-revenue-rep",
};

const isRepRow = (row: RepRows[number] | PerformanceRows[number]): row is RepRows[number] => "attainment" in row;

/** Where a group's bar leads: the deals of the region, rep or month won in the period. */
const revenueDrillTo = (by: RevenueBy, row: RepRows[number] | PerformanceRows[number], period: DrillPeriod): string | null => {
  if (by === "region") return drillDowns.wonDeals({ province: row.key }, period);
  if (by === "rep") return drillDowns.wonDeals({ ownerId: isRepRow(row) ? row.id : null }, period);
  return drillDowns.wonDeals({ month: row.key }, period);
};

const RevenuePanel = ({ by, rows, period }: { by: RevenueBy; rows: PerformanceRows | RepRows; period: DrillPeriod }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const horizontal = by === "rep";
  const groupTitle = t(`revenue.by.${by}`);
  const { option, table } = useMemo(() => {
    const all: ReadonlyArray<RepRows[number] | PerformanceRows[number]> = rows;
    const ordered = by === "month" ? [...all].sort((a, b) => (a.key ?? "").localeCompare(b.key ?? "")) : all;
    const data = ordered.map((row) => ({ name: labels.plain(row.key), value: Number(row.wonAmount) }));
    return {
      option: barChartOption({
        data,
        seriesName: t("revenue.wonAmount"),
        valueFormat: format.money,
        axisFormat: format.moneyCompact,
        horizontal,
      }),
      table: {
        columns: [groupTitle, t("revenue.wonAmount"), t("revenue.won"), ...(by === "rep" ? [t("revenue.target"), t("revenue.attainment")] : [])],
        rows: ordered.map((row, index) => ({
          key: `${row.key ?? "unknown"}-${index}`,
          label: data[index]?.name ?? "",
          values: [
            format.money(Number(row.wonAmount)),
            format.count(row.won),
            // Each rep against their own target for the period.
            ...(isRepRow(row)
              ? [row.target === null ? t("revenue.noTarget") : format.money(Number(row.target)), format.percent(row.attainment)]
              : []),
          ],
          drillTo: revenueDrillTo(by, row, period),
          drillCount: row.won,
        })),
      },
    };
  }, [by, rows, period, labels, t, format, horizontal, groupTitle]);
  const rowOfClick = useMemo(
    () => (horizontal ? (click: ChartClick) => barDatumIndex(click.dataIndex, table.rows.length, true) : undefined),
    [horizontal, table.rows.length],
  );
  return (
    <ChartPanel
      testId={REVENUE_TEST_IDS[by]}
      title={t("revenue.title", { by: groupTitle })}
      option={option}
      table={table}
      rowOfClick={rowOfClick}
    />
  );
};

const ForecastPanel = ({ month, quarter }: { month: Forecast; quarter: Forecast }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const { option, table } = useMemo(() => {
    const periods = [
      { name: t("forecast.month"), forecast: month },
      { name: t("forecast.quarter"), forecast: quarter },
    ];
    const amount = (value: string | null) => (value === null ? null : Number(value));
    const series = [
      { name: t("forecast.won"), values: periods.map((p) => amount(p.forecast.wonAmount)) },
      { name: t("forecast.weightedByProbability"), values: periods.map((p) => amount(p.forecast.weightedByProbability)) },
      { name: t("forecast.weightedByHistory"), values: periods.map((p) => amount(p.forecast.weightedByHistory)) },
      { name: t("forecast.target"), values: periods.map((p) => amount(p.forecast.target)) },
    ];
    const money = (value: string | null) => (value === null ? t("forecast.noTarget") : format.money(Number(value)));
    return {
      option: seriesChartOption({
        categories: periods.map((p) => p.name),
        series,
        kind: "bar",
        valueFormat: format.money,
        axisFormat: format.moneyCompact,
      }),
      table: {
        columns: [
          t("forecast.period"),
          t("forecast.won"),
          t("forecast.weightedByProbability"),
          t("forecast.weightedByHistory"),
          t("forecast.target"),
          t("forecast.attainment"),
          t("forecast.projectedAttainment"),
        ],
        rows: periods.map((p) => ({
          key: p.forecast.periodStart,
          label: p.name,
          values: [
            money(p.forecast.wonAmount),
            money(p.forecast.weightedByProbability),
            money(p.forecast.weightedByHistory),
            money(p.forecast.target),
            format.percent(p.forecast.attainment),
            format.percent(p.forecast.projectedAttainment),
          ],
          drillTo: null,
        })),
      },
    };
  }, [month, quarter, t, format]);
  const summary = (
    <Flex gap={32} wrap style={{ marginBottom: 8 }}>
      <Statistic title={t("forecast.monthAttainment")} value={format.percent(month.attainment)} />
      <Statistic title={t("forecast.quarterAttainment")} value={format.percent(quarter.attainment)} />
      <Statistic title={t("forecast.quarterProjected")} value={format.percent(quarter.projectedAttainment)} />
    </Flex>
  );
  return <ChartPanel testId="panel-forecast" title={t("forecast.title")} option={option} table={table} summary={summary} />;
};

/** Funnel, revenue by region / month / rep, and forecast against target. */
export const SalesDashboard = ({ period, panels }: SalesDashboardProps) => {
  const { t } = useTranslation("dashboards");
  const enabled = hasSalesPanels(panels);
  const variables = useMemo(
    () => ({
      from: period.from,
      to: period.to,
      monthStart: period.forecastMonth,
      quarterStart: period.forecastQuarter,
      withFunnel: panels.funnel,
      withRevenueByRegion: panels.revenueByRegion,
      withRevenueByMonth: panels.revenueByMonth,
      withRevenueByRep: panels.revenueByRep,
      withForecast: panels.forecast,
    }),
    [period, panels],
  );
  const [{ data, fetching, error }, reexecute] = useDashboardSalesQuery(variables, !enabled);
  if (!enabled) return null;
  const panelCount = [panels.funnel, panels.revenueByRegion, panels.revenueByMonth, panels.revenueByRep, panels.forecast].filter(Boolean).length;
  return (
    <DashboardSection
      testId="dashboard-sales"
      title={t("sections.sales")}
      panelCount={panelCount}
      fetching={fetching}
      hasData={Boolean(data)}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
    >
      {data?.funnel && (
        <PanelCol>
          <FunnelPanel steps={data.funnel} period={period} />
        </PanelCol>
      )}
      {data?.forecastMonth && data.forecastQuarter && (
        <PanelCol>
          <ForecastPanel month={data.forecastMonth} quarter={data.forecastQuarter} />
        </PanelCol>
      )}
      {data?.revenueByRegion && (
        <PanelCol>
          <RevenuePanel by="region" rows={data.revenueByRegion} period={period} />
        </PanelCol>
      )}
      {data?.revenueByMonth && (
        <PanelCol>
          <RevenuePanel by="month" rows={data.revenueByMonth} period={period} />
        </PanelCol>
      )}
      {data?.revenueByRep && (
        <PanelCol>
          <RevenuePanel by="rep" rows={data.revenueByRep} period={period} />
        </PanelCol>
      )}
    </DashboardSection>
  );
};
