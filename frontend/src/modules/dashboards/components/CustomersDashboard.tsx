import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import type { DashboardCustomersQuery, Grade } from "../../../generated/graphql";
import { useChartFormatters } from "../hooks/useChartFormatters";
import { useDashboardCustomersQuery } from "../hooks/useDashboardCustomersQuery";
import { useDashboardLabels, type DashboardLabels } from "../hooks/useDashboardLabels";
import { barChartOption, pieChartOption } from "../utils/chartOptions";
import { hasCustomerPanels, type DashboardPanels } from "../utils/dashboardPanels";
import { startOfDayTimestamp, type DashboardPeriod } from "../utils/dashboardPeriod";
import { byKeyUnknownLast, drillDowns, type CustomerGroupsBy } from "../utils/drillDown";
import { ChartPanel } from "./ChartPanel";
import { DashboardSection } from "./DashboardSection";
import { PanelCol } from "./PanelCol";

type Groups = NonNullable<DashboardCustomersQuery["rfm"]>;

/** Bars show the largest groups only; the table lists them all. */
const MAX_BARS = 15;

const groupLabel = (labels: DashboardLabels, by: CustomerGroupsBy) =>
  by === "rfm" ? labels.segment : by === "grade" ? labels.grade : labels.plain;

const CustomerGroupsPanel = ({ by, groups, withRevenue }: { by: CustomerGroupsBy; groups: Groups; withRevenue: boolean }) => {
  const { t } = useTranslation("dashboards");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const { option, table } = useMemo(() => {
    const label = groupLabel(labels, by);
    const ordered = by === "grade" ? [...groups.groups].sort(byKeyUnknownLast) : groups.groups;
    const data = ordered.map((group) => ({ name: label(group.key), value: group.customers }));
    const seriesName = t("customers.count");
    const chart =
      by === "rfm" || by === "grade"
        ? pieChartOption({ data, seriesName, valueFormat: format.count })
        : barChartOption({ data: data.slice(0, MAX_BARS), seriesName, valueFormat: format.count });
    return {
      option: chart,
      table: {
        columns: [
          t(`customers.by.${by}`),
          t("customers.count"),
          t("customers.share"),
          ...(withRevenue ? [t("customers.revenue")] : []),
        ],
        rows: ordered.map((group, index) => ({
          key: group.key ?? "unknown",
          label: data[index]?.name ?? "",
          values: [
            format.count(group.customers),
            format.percent(group.share),
            ...(withRevenue ? [format.money(Number(group.revenue ?? 0))] : []),
          ],
          drillTo: drillDowns.customerGroup(by, group.key),
          drillCount: group.customers,
        })),
      },
    };
  }, [by, groups, withRevenue, labels, format, t]);
  return <ChartPanel testId={`panel-customers-${by}`} title={t(`customers.title.${by}`)} option={option} table={table} />;
};

/** Customers per RFM segment, region, industry and grade. */
export const CustomersDashboard = ({
  period,
  panels,
  grades,
}: {
  period: DashboardPeriod;
  panels: DashboardPanels;
  /** Only customers of these grades (a widget's filter); all when absent. */
  grades?: readonly Grade[];
}) => {
  const { t } = useTranslation("dashboards");
  const enabled = hasCustomerPanels(panels);
  const variables = useMemo(
    () => ({
      revenueFrom: startOfDayTimestamp(period.from),
      revenueTo: startOfDayTimestamp(period.to),
      withRfm: panels.rfm,
      withRegion: panels.customersByRegion,
      withIndustry: panels.customersByIndustry,
      withGrade: panels.customersByGrade,
      withRevenue: panels.customerRevenue,
      filter: grades && grades.length > 0 ? { grades: [...grades] } : null,
    }),
    [period, panels, grades],
  );
  const [{ data, fetching, error }, reexecute] = useDashboardCustomersQuery(variables, !enabled);
  if (!enabled) return null;
  const panelList: Array<[CustomerGroupsBy, Groups | null | undefined]> = [
    ["rfm", data?.rfm],
    ["grade", data?.grades],
    ["region", data?.regions],
    ["industry", data?.industries],
  ];
  return (
    <DashboardSection
      testId="dashboard-customers"
      title={t("sections.customers")}
      panelCount={[panels.rfm, panels.customersByRegion, panels.customersByIndustry, panels.customersByGrade].filter(Boolean).length}
      fetching={fetching}
      hasData={Boolean(data)}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
    >
      {panelList.map(([by, groups]) =>
        groups ? (
          <PanelCol key={by}>
            <CustomerGroupsPanel by={by} groups={groups} withRevenue={panels.customerRevenue} />
          </PanelCol>
        ) : null,
      )}
    </DashboardSection>
  );
};
