import { graphql } from "../../../generated";

/** A widget's kind and place on the grid, with its own period and filters. */
export const DASHBOARD_WIDGET_FIELDS_FRAGMENT = graphql(`
  fragment DashboardWidgetFields on DashboardWidget {
    id
    kind
    x
    y
    w
    h
    period
    filters
  }
`);
