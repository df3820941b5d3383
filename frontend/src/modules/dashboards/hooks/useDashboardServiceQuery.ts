import { useQuery } from "urql";

import type { DashboardServiceQueryVariables } from "../../../generated/graphql";
import { DASHBOARD_SERVICE_QUERY } from "../graphql/dashboardServiceQuery";

/** The service panels' figures; `pause` when the viewer may read none of them. */
export const useDashboardServiceQuery = (variables: DashboardServiceQueryVariables, pause: boolean) =>
  useQuery({ query: DASHBOARD_SERVICE_QUERY, variables, pause });
