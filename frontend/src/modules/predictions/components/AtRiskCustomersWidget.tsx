import { Flex, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { loadPredictionsNamespace } from "../../../i18n/predictionsNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCustomersAtRiskQuery } from "../hooks/useCustomersAtRiskQuery";
import { AtRiskCustomerList } from "./AtRiskCustomerList";

/** How many customers the widget lists. */
export const WIDGET_CUSTOMERS = 5;

/** "Customers at churn risk": the viewer's high-risk customers, riskiest first, and a link to all of them. */
export const AtRiskCustomersWidget = () => {
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  const { t } = useTranslation("predictions");
  const [{ data, error }, reexecute] = useCustomersAtRiskQuery({ bands: ["HIGH"], first: WIDGET_CUSTOMERS });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!ready || !data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const page = data.customersAtRisk;
  return (
    <Flex vertical gap={8} data-testid="at-risk-widget">
      <AtRiskCustomerList customers={page.nodes} />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t("atRisk.high", { count: page.totalCount })}</Typography.Text>
        <Link to="/customers/at-risk" data-testid="at-risk-view-all">
          {t("atRisk.viewAll")}
        </Link>
      </Flex>
    </Flex>
  );
};
