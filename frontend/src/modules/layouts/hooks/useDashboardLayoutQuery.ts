import { useQuery } from "urql";

import type { DashboardPage } from "../../../generated/graphql";
import { DASHBOARD_LAYOUT_QUERY } from "../graphql/dashboardLayoutQuery";

/** The viewer's layout of a page; `pause` for viewers who may not run it (they get the built-in default). */
export const useDashboardLayoutQuery = (page: DashboardPage, pause: boolean) =>
  useQuery({ query: DASHBOARD_LAYOUT_QUERY, variables: { page }, requestPolicy: "cache-and-network", pause });
