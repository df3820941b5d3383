import { graphql } from "../../../generated";

/** Publishes a layout of a page to everyone holding a role (administrators). */
export const DASHBOARD_LAYOUT_PUBLISH_MUTATION = graphql(`
  mutation DashboardLayoutPublish($input: DashboardLayoutPublishInput!) {
    dashboardLayoutPublish(input: $input) {
      layout {
        role
        source
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
