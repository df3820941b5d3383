import { graphql } from "../../../generated";

/** The layouts of a page published to roles, with the version a replacement names (administrators). */
export const PUBLISHED_DASHBOARD_LAYOUTS_QUERY = graphql(`
  query PublishedDashboardLayouts($page: DashboardPage!) {
    publishedDashboardLayouts(page: $page) {
      role
      version
      updatedAt
      widgets {
        id
      }
    }
  }
`);
