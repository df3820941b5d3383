import { graphql } from "../../../generated";

/** Saves the viewer's own layout of a page (a stale version answers CONFLICT). */
export const DASHBOARD_LAYOUT_SAVE_MUTATION = graphql(`
  mutation DashboardLayoutSave($input: DashboardLayoutSaveInput!) {
    dashboardLayoutSave(input: $input) {
      layout {
        ...DashboardLayoutFields
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
