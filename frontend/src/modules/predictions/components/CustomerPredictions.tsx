import { Skeleton } from "antd";
import { useMemo } from "react";

import { loadPredictionsNamespace } from "../../../i18n/predictionsNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { useCustomerPredictionsQuery } from "../hooks/useCustomerPredictionsQuery";
import { customerPredictionsAccess } from "../utils/predictionAccess";
import { ChurnRiskCard } from "./ChurnRiskCard";
import { CrossSellCard } from "./CrossSellCard";

type CustomerPredictionsProps = {
  customerId: string;
  tasksHref: string;
};

/**
 * The 360° page's predictions (churn risk, cross-sell), each shown only to a viewer who may read it; a viewer who
 * may read neither sends nothing. A failed request shows nothing rather than an error: predictions are an aid.
 */
export const CustomerPredictions = ({ customerId, tasksHref }: CustomerPredictionsProps) => {
  const permissions = usePermissions();
  const access = useMemo(() => customerPredictionsAccess(permissions), [permissions]);
  const none = !access.withChurn && !access.withCrossSell;
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  const [{ data, fetching }] = useCustomerPredictionsQuery({ id: customerId, ...access }, none);
  if (none) return null;
  if (!ready || (fetching && !data)) return <Skeleton active paragraph={{ rows: 3 }} data-testid="predictions-loading" />;
  const customer = data?.customer;
  if (!customer) return null;
  return (
    <>
      {access.withChurn && customer.churnRisk !== undefined && <ChurnRiskCard risk={customer.churnRisk} tasksHref={tasksHref} />}
      {access.withCrossSell && customer.crossSell && <CrossSellCard suggestions={customer.crossSell} />}
    </>
  );
};
