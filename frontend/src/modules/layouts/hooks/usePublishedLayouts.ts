import { useMutation, useQuery } from "urql";

import type { DashboardPage } from "../../../generated/graphql";
import { DASHBOARD_LAYOUT_UNPUBLISH_MUTATION } from "../graphql/dashboardLayoutUnpublishMutation";
import { PUBLISHED_DASHBOARD_LAYOUTS_QUERY } from "../graphql/publishedDashboardLayoutsQuery";

/** The layouts of a page published to roles, read while the publish dialog is open (`pause` otherwise). */
export const usePublishedLayoutsQuery = (page: DashboardPage, pause: boolean) =>
  useQuery({ query: PUBLISHED_DASHBOARD_LAYOUTS_QUERY, variables: { page }, requestPolicy: "network-only", pause });

/** Takes back a role's published layout. */
export const useDashboardLayoutUnpublish = () => useMutation(DASHBOARD_LAYOUT_UNPUBLISH_MUTATION);
