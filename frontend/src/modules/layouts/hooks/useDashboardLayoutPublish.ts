import { useMutation } from "urql";

import { DASHBOARD_LAYOUT_PUBLISH_MUTATION } from "../graphql/dashboardLayoutPublishMutation";

/** Publishes a layout to a role (administrators). */
export const useDashboardLayoutPublish = () => useMutation(DASHBOARD_LAYOUT_PUBLISH_MUTATION);
