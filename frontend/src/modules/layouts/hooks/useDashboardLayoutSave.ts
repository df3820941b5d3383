import { useMutation } from "urql";

import { DASHBOARD_LAYOUT_SAVE_MUTATION } from "../graphql/dashboardLayoutSaveMutation";

/** Saves the viewer's own layout. */
export const useDashboardLayoutSave = () => useMutation(DASHBOARD_LAYOUT_SAVE_MUTATION);
