import { useQuery } from "urql";

import type { DashboardCustomersQueryVariables } from "../../../generated/graphql";
import { DASHBOARD_CUSTOMERS_QUERY } from "../graphql/dashboardCustomersQuery";

/** The customers panels' figures; `pause` when the viewer may read none of them. */
export const useDashboardCustomersQuery = (variables: DashboardCustomersQueryVariables, pause: boolean) =>
  useQuery({ query: DASHBOARD_CUSTOMERS_QUERY, variables, pause });
