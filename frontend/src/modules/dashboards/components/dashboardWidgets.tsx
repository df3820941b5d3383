import type { ReactNode } from "react";

import type { CatalogueEntry, WidgetKind } from "../../layouts/types";
import type { PermissionIndex } from "../../permissions/utils/permissionIndex";
import { dashboardPanels, type DashboardPanelKey } from "../utils/dashboardPanels";
import type { DashboardPeriod } from "../utils/dashboardPeriod";
import { AtRiskCustomersWidget } from "../../predictions/components/AtRiskCustomersWidget";
import { LostDealsWidget, WinForecastWidget } from "../../predictions/components/PredictionWidgets";
import {
  canSeeCustomersAtRisk,
  canSeeLostDealRetrospective,
  canSeeWinForecast,
} from "../../predictions/utils/predictionAccess";
import { DashboardWidget } from "./DashboardWidget";
import { WidgetCard } from "./WidgetCard";

const readable = (key: DashboardPanelKey) => (permissions: PermissionIndex) => dashboardPanels(permissions)[key];

const panel = (key: DashboardPanelKey, w: number, h: number, grades = false): CatalogueEntry => ({
  kind: key,
  inDefault: () => true,
  readable: readable(key),
  size: { w, h },
  period: true,
  filters: grades ? ["grades"] : [],
  render: ({ widget, period }) => <DashboardWidget panel={key} period={period} grades={widget.filters?.grades} />,
});

/** A prediction widget: only in the catalogue (never on a default layout), for viewers who may run its query; framed
 * and titled like the panels (the prediction components draw no card of their own). */
const prediction = (
  kind: WidgetKind,
  mayRead: (permissions: PermissionIndex) => boolean,
  Widget: (props: { period: DashboardPeriod }) => ReactNode,
): CatalogueEntry => ({
  kind,
  inDefault: () => false,
  readable: mayRead,
  size: { w: 6, h: 7 },
  period: true,
  filters: [],
  render: ({ period }) => (
    <WidgetCard kind={kind}>
      <Widget period={period} />
    </WidgetCard>
  ),
});

/** The dashboards page's catalogue, in the classic page's order (its default layout). */
export const DASHBOARD_WIDGETS: readonly CatalogueEntry[] = [
  panel("funnel", 6, 7),
  panel("forecast", 6, 8),
  panel("revenueByRegion", 6, 7),
  panel("revenueByMonth", 6, 7),
  panel("revenueByRep", 6, 7),
  panel("csat", 6, 8),
  panel("csatByAgent", 6, 7),
  panel("ticketVolume", 12, 8),
  panel("rfm", 6, 7, true),
  panel("customersByGrade", 6, 7),
  panel("customersByRegion", 6, 7, true),
  panel("customersByIndustry", 6, 7, true),
  // Predictions: offered in the catalogue, not on the default layout.
  prediction("winForecast", canSeeWinForecast, WinForecastWidget),
  prediction("lostDealRetrospective", canSeeLostDealRetrospective, LostDealsWidget),
  // The viewer's customers at churn risk (now, whatever the page's period), linking to /customers/at-risk.
  {
    kind: "customersAtRisk",
    inDefault: () => false,
    readable: canSeeCustomersAtRisk,
    size: { w: 6, h: 8 },
    period: false,
    filters: [],
    render: () => (
      <WidgetCard kind="customersAtRisk">
        <AtRiskCustomersWidget />
      </WidgetCard>
    ),
  },
];
