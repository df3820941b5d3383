import { useQuery } from "urql";

import type { DashboardPage } from "../../../generated/graphql";
import { DASHBOARD_LAYOUT_QUERY } from "../graphql/dashboardLayoutQuery";

/** The viewer's layout of a page. */
export const useDashboardLayoutQuery = (page: DashboardPage) =>
  useQuery({ query: DASHBOARD_LAYOUT_QUERY, variables: { page }, requestPolicy: "cache-and-network" });
