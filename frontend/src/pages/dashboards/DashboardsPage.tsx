import { Empty, Flex, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { DashboardPeriodPicker } from "../../modules/dashboards/components/DashboardPeriodPicker";
import { DASHBOARD_WIDGETS } from "../../modules/dashboards/components/dashboardWidgets";
import {
  dashboardPanels,
  hasCustomerPanels,
  hasSalesPanels,
  hasServicePanels,
} from "../../modules/dashboards/utils/dashboardPanels";
import { periodFromSearchParams, periodSearchParams, type PeriodKind } from "../../modules/dashboards/utils/dashboardPeriod";
import { loadDashboardsNamespace } from "../../i18n/dashboardsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { useCurrentViewer } from "../../modules/auth/hooks/useCurrentViewer";
import { ArrangeablePage } from "../../modules/layouts/components/ArrangeablePage";
import type { CatalogueEntry, LayoutWidget } from "../../modules/layouts/types";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { PageLoading } from "../../modules/ui/components/PageLoading";

/**
 * /dashboards: sales, service and customer charts for a period chosen in the URL
 * (`?period=month|quarter|year`, `?period=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`), arranged by the viewer (or as
 * published to their role, or the default: every panel they may read). A widget may have its own period. Only the
 * panels the viewer may read are drawn, and only those are asked for; clicking a chart's item opens the matching
 * filtered list.
 */
const Dashboards = () => {
  const { t } = useTranslation("dashboards");
  const viewer = useCurrentViewer();
  const permissions = usePermissions();
  const panels = useMemo(() => dashboardPanels(permissions), [permissions]);
  const [searchParams, setSearchParams] = useSearchParams();
  const period = useMemo(() => periodFromSearchParams(searchParams), [searchParams]);
  const onPeriodChange = (kind: PeriodKind, range?: { from: string; last: string }) =>
    setSearchParams(periodSearchParams(kind, range));
  const anything = hasSalesPanels(panels) || hasServicePanels(panels) || hasCustomerPanels(panels);
  const renderWidget = useCallback(
    (widget: LayoutWidget, entry: CatalogueEntry) =>
      entry.render({
        widget,
        period: widget.period ? periodFromSearchParams(new URLSearchParams({ period: widget.period })) : period,
        viewerId: viewer.id,
      }),
    [period, viewer.id],
  );

  return (
    <div data-testid="dashboards-page">
      <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 16 }}>
        {t("title")}
      </Typography.Title>
      {anything ? (
        <ArrangeablePage
          page="DASHBOARDS"
          catalogue={DASHBOARD_WIDGETS}
          renderWidget={renderWidget}
          extra={
            <Flex>
              <DashboardPeriodPicker period={period} onChange={onPeriodChange} />
            </Flex>
          }
        />
      ) : (
        <Empty data-testid="dashboards-none" description={t("none")} />
      )}
    </div>
  );
};

/** The dashboards once their strings are loaded. */
export const DashboardsPage = () =>
  useLazyNamespace("dashboards", loadDashboardsNamespace) ? <Dashboards /> : <PageLoading />;
