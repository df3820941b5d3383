import type { PermissionIndex } from "../../permissions/utils/permissionIndex";

/** What each panel reads: the root field and every `Type.field` it selects (all must be readable). */
const PANEL_READS = {
  funnel: ["Query.salesFunnel", "FunnelStep.stageKey", "FunnelStep.stageName", "FunnelStep.reached", "FunnelStep.amount", "FunnelStep.toNext"],
  revenueByRegion: ["Query.salesPerformance", "SalesPerformanceRow.key", "SalesPerformanceRow.wonAmount", "SalesPerformanceRow.won"],
  revenueByMonth: ["Query.salesPerformance", "SalesPerformanceRow.key", "SalesPerformanceRow.wonAmount", "SalesPerformanceRow.won"],
  revenueByRep: [
    "Query.salesPerformance",
    "SalesPerformanceRow.key",
    "SalesPerformanceRow.id",
    "SalesPerformanceRow.wonAmount",
    "SalesPerformanceRow.won",
    "SalesPerformanceRow.target",
    "SalesPerformanceRow.attainment",
  ],
  forecast: [
    "Query.salesForecast",
    "SalesForecast.periodStart",
    "SalesForecast.wonAmount",
    "SalesForecast.weightedByProbability",
    "SalesForecast.weightedByHistory",
    "SalesForecast.target",
    "SalesForecast.attainment",
    "SalesForecast.projectedAttainment",
  ],
  csat: [
    "Query.serviceStats",
    "ServiceStats.csat",
    "ServiceStats.ratings",
    "ServiceStats.firstResponseCompliance",
    "ServiceStats.resolutionCompliance",
    "ServiceStats.csatTrend",
    "TrendPoint.key",
    "TrendPoint.average",
    "TrendPoint.count",
  ],
  csatByAgent: [
    "Query.serviceStats",
    "ServiceStats.csatByAgent",
    "SatisfactionScore.id",
    "SatisfactionScore.name",
    "SatisfactionScore.average",
    "SatisfactionScore.ratings",
  ],
  ticketVolume: [
    "Query.serviceStats",
    "ServiceStats.volumeByCategory",
    "ServiceStats.volumeByChannel",
    "ServiceStats.backlog",
    "KeyCount.key",
    "KeyCount.second",
    "KeyCount.count",
  ],
  rfm: ["Query.customerGroups", "CustomerGroups.total", "CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers", "CustomerGroup.share"],
  customersByRegion: ["Query.customerGroups", "CustomerGroups.total", "CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers", "CustomerGroup.share"],
  customersByIndustry: ["Query.customerGroups", "CustomerGroups.total", "CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers", "CustomerGroup.share"],
  customersByGrade: ["Query.customerGroups", "CustomerGroups.total", "CustomerGroups.groups", "CustomerGroup.key", "CustomerGroup.customers", "CustomerGroup.share"],
} as const satisfies Record<string, readonly string[]>;

export type DashboardPanelKey = keyof typeof PANEL_READS;

/** Which panels the viewer may read, and whether customer groups may show revenue. */
export type DashboardPanels = Record<DashboardPanelKey, boolean> & { customerRevenue: boolean };

/** The viewer may read every one of these `Type.field`s (root fields as `Query.x`). */
export const canReadAll = (permissions: PermissionIndex, reads: readonly string[]): boolean =>
  reads.every((read) => {
    const [type = "", field = ""] = read.split(".");
    return permissions.has(type, field, "READ");
  });

export const dashboardPanels = (permissions: PermissionIndex): DashboardPanels => {
  const panels = Object.fromEntries(
    (Object.keys(PANEL_READS) as DashboardPanelKey[]).map((key) => [key, canReadAll(permissions, PANEL_READS[key])]),
  ) as Record<DashboardPanelKey, boolean>;
  return { ...panels, customerRevenue: permissions.has("CustomerGroup", "revenue", "READ") };
};

export const hasSalesPanels = (panels: DashboardPanels): boolean =>
  panels.funnel || panels.revenueByRegion || panels.revenueByMonth || panels.revenueByRep || panels.forecast;

export const hasServicePanels = (panels: DashboardPanels): boolean => panels.csat || panels.csatByAgent || panels.ticketVolume;

export const hasCustomerPanels = (panels: DashboardPanels): boolean =>
  panels.rfm || panels.customersByRegion || panels.customersByIndustry || panels.customersByGrade;
