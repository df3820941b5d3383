import { useMutation } from "urql";

import { DASHBOARD_LAYOUT_RESET_MUTATION } from "../graphql/dashboardLayoutResetMutation";

/** Resets the viewer's own layout. */
export const useDashboardLayoutReset = () => useMutation(DASHBOARD_LAYOUT_RESET_MUTATION);
