import { Alert, Card, Empty, Skeleton, Typography } from "antd";
import { lazy, Suspense, useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { ordersByMonth, type OrderPoint } from "../utils/ordersByMonth";

// ECharts is downloaded only when a customer page shows the chart.
const OrdersChart = lazy(() => import("./OrdersChart").then((module) => ({ default: module.OrdersChart })));

type OrdersCardProps = {
  orders: readonly OrderPoint[];
  /** The viewer may read order amounts (else the chart counts orders). */
  amounts: boolean;
};

/** Order amounts by month over the last 12 months. */
export const OrdersCard = ({ orders, amounts }: OrdersCardProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const months = useMemo(() => ordersByMonth(orders), [orders]);
  const formatValue = useCallback((value: number) => (amounts ? format.moneyShort(value) : format.number(value)), [amounts, format]);
  const empty = months.every((month) => month.count === 0);

  return (
    <Card
      title={t("orders.title")}
      size="small"
      extra={<Typography.Text type="secondary">{t("orders.range")}</Typography.Text>}
      data-testid="customer-section-orders"
    >
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("orders.empty")} />
      ) : (
        <>
          {!amounts && <Alert type="info" showIcon title={t("orders.countOnly")} style={{ marginBottom: 8 }} />}
          <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
            <OrdersChart months={months} amounts={amounts} seriesName={t(amounts ? "orders.amount" : "orders.count")} formatValue={formatValue} />
          </Suspense>
        </>
      )}
    </Card>
  );
};
