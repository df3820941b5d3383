import { useMemo } from "react";

import type { Grade } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { dashboardPanels, type DashboardPanelKey, type DashboardPanels } from "../utils/dashboardPanels";
import type { DashboardPeriod } from "../utils/dashboardPeriod";
import { CustomersDashboard } from "./CustomersDashboard";
import { PanelModeContext } from "./PanelCol";
import { SalesDashboard } from "./SalesDashboard";
import { ServiceDashboard } from "./ServiceDashboard";

const SALES: readonly DashboardPanelKey[] = ["funnel", "forecast", "revenueByRegion", "revenueByMonth", "revenueByRep"];
const SERVICE: readonly DashboardPanelKey[] = ["csat", "csatByAgent", "ticketVolume"];

/** The viewer's panels with only `key` drawn (and asked for). */
const onlyPanel = (panels: DashboardPanels, key: DashboardPanelKey): DashboardPanels => {
  const none = Object.fromEntries(Object.keys(panels).map((name) => [name, false])) as DashboardPanels;
  return { ...none, [key]: panels[key], customerRevenue: panels.customerRevenue };
};

type DashboardWidgetProps = {
  panel: DashboardPanelKey;
  period: DashboardPeriod;
  grades?: readonly Grade[];
};

/** One dashboard panel as a widget of the arranged page: its section's query for this panel alone, with the
 * widget's period (and filters where the query takes them); drill-downs work as on the classic page. */
export const DashboardWidget = ({ panel, period, grades }: DashboardWidgetProps) => {
  const permissions = usePermissions();
  const panels = useMemo(() => onlyPanel(dashboardPanels(permissions), panel), [permissions, panel]);
  // Ticket volume is three charts (backlog, by category, by channel): side by side when the widget is wide.
  const mode = useMemo(() => ({ widget: true, span: panel === "ticketVolume" ? 8 : 24 }), [panel]);
  return (
    <PanelModeContext.Provider value={mode}>
      {SALES.includes(panel) ? (
        <SalesDashboard period={period} panels={panels} />
      ) : SERVICE.includes(panel) ? (
        <ServiceDashboard period={period} panels={panels} />
      ) : (
        <CustomersDashboard period={period} panels={panels} grades={grades} />
      )}
    </PanelModeContext.Provider>
  );
};
