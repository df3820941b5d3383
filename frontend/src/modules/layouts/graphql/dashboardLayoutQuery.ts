import { graphql } from "../../../generated";

/** The layout of a page in force for the viewer (own, a role's, or the default). */
export const DASHBOARD_LAYOUT_QUERY = graphql(`
  query DashboardLayout($page: DashboardPage!) {
    dashboardLayout(page: $page) {
      ...DashboardLayoutFields
    }
  }
`);
