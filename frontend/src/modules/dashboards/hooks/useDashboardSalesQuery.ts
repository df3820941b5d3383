import { useQuery } from "urql";

import type { DashboardSalesQueryVariables } from "../../../generated/graphql";
import { DASHBOARD_SALES_QUERY } from "../graphql/dashboardSalesQuery";

/** The sales panels' figures; `pause` when the viewer may read none of them. */
export const useDashboardSalesQuery = (variables: DashboardSalesQueryVariables, pause: boolean) =>
  useQuery({ query: DASHBOARD_SALES_QUERY, variables, pause });
