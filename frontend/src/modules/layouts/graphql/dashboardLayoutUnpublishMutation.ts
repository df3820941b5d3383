import { graphql } from "../../../generated";

/** Takes back the layout of a page published to a role (administrators). */
export const DASHBOARD_LAYOUT_UNPUBLISH_MUTATION = graphql(`
  mutation DashboardLayoutUnpublish($input: DashboardLayoutUnpublishInput!) {
    dashboardLayoutUnpublish(input: $input) {
      removed
      userErrors {
        field
        message
        code
      }
    }
  }
`);
