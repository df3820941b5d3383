import { useQuery } from "urql";

import type { DashboardLostDealsQueryVariables } from "../../../generated/graphql";
import { DASHBOARD_LOST_DEALS_QUERY } from "../graphql/dashboardLostDealsQuery";

export const useDashboardLostDealsQuery = (variables: DashboardLostDealsQueryVariables) =>
  useQuery({ query: DASHBOARD_LOST_DEALS_QUERY, variables });
