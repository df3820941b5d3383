import { graphql } from "../../../generated";

/** A point of a trend (an average over a period), as the CSAT charts read it. */
export const TREND_POINT_FIELDS_FRAGMENT = graphql(`
  fragment TrendPointFields on TrendPoint {
    key
    average
    count
  }
`);
