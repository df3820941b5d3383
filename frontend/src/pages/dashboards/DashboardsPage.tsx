import { Empty, Flex, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { CustomersDashboard } from "../../modules/dashboards/components/CustomersDashboard";
import { DashboardPeriodPicker } from "../../modules/dashboards/components/DashboardPeriodPicker";
import { SalesDashboard } from "../../modules/dashboards/components/SalesDashboard";
import { ServiceDashboard } from "../../modules/dashboards/components/ServiceDashboard";
import {
  dashboardPanels,
  hasCustomerPanels,
  hasSalesPanels,
  hasServicePanels,
} from "../../modules/dashboards/utils/dashboardPanels";
import { periodFromSearchParams, periodSearchParams, type PeriodKind } from "../../modules/dashboards/utils/dashboardPeriod";
import { loadDashboardsNamespace } from "../../i18n/dashboardsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PageLoading } from "../../modules/ui/components/PageLoading";

/**
 * /dashboards: sales, service and customer charts for a period chosen in the URL
 * (`?period=month|quarter|year`, `?period=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`). Only the panels the viewer may
 * read are drawn, and only those are asked for; clicking a chart's item opens the matching filtered list.
 */
const Dashboards = () => {
  const { t } = useTranslation("dashboards");
  const permissions = usePermissions();
  const panels = useMemo(() => dashboardPanels(permissions), [permissions]);
  const [searchParams, setSearchParams] = useSearchParams();
  const period = useMemo(() => periodFromSearchParams(searchParams), [searchParams]);
  const onPeriodChange = (kind: PeriodKind, range?: { from: string; last: string }) =>
    setSearchParams(periodSearchParams(kind, range));
  const anything = hasSalesPanels(panels) || hasServicePanels(panels) || hasCustomerPanels(panels);

  return (
    <div data-testid="dashboards-page">
      <Flex justify="space-between" align="center" wrap gap={16} style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t("title")}
        </Typography.Title>
        {anything && <DashboardPeriodPicker period={period} onChange={onPeriodChange} />}
      </Flex>
      {anything ? (
        <>
          <SalesDashboard period={period} panels={panels} />
          <ServiceDashboard period={period} panels={panels} />
          <CustomersDashboard period={period} panels={panels} />
        </>
      ) : (
        <Empty data-testid="dashboards-none" description={t("none")} />
      )}
    </div>
  );
};

/** The dashboards once their strings are loaded. */
export const DashboardsPage = () =>
  useLazyNamespace("dashboards", loadDashboardsNamespace) ? <Dashboards /> : <PageLoading />;
