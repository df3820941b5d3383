import { graphql } from "../../../generated";

/** The customers at churn risk the viewer may see, most likely to churn first (the widget and the at-risk page). */
export const CUSTOMERS_AT_RISK_QUERY = graphql(`
  query CustomersAtRisk($bands: [RiskLevel!], $first: Int, $after: String) {
    customersAtRisk(bands: $bands, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        churnRisk {
          probability
          band
          reasons {
            code
            text
          }
        }
      }
    }
  }
`);
