import { graphql } from "../../../generated";

/** Deletes the viewer's own layout of a page: the role's or the default is in force again. */
export const DASHBOARD_LAYOUT_RESET_MUTATION = graphql(`
  mutation DashboardLayoutReset($input: DashboardLayoutResetInput!) {
    dashboardLayoutReset(input: $input) {
      removed
      userErrors {
        field
        message
        code
      }
    }
  }
`);
