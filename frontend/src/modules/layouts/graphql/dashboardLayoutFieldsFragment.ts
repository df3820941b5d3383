import { graphql } from "../../../generated";

/** A layout as the arranged pages read it: where it comes from, its version and its widgets. */
export const DASHBOARD_LAYOUT_FIELDS_FRAGMENT = graphql(`
  fragment DashboardLayoutFields on DashboardLayout {
    page
    source
    role
    version
    updatedAt
    widgets {
      ...DashboardWidgetFields
    }
  }
`);
