import { graphql } from "../../../generated";

/**
 * A customer's predictions for the 360° page: the churn risk with its reasons and what changed since the last
 * score, and products to offer with the rule behind each. Its own operation, so the 360° page's own operations keep
 * their plans; each part is asked for only when the viewer may read it (`customerPredictionsAccess`).
 */
export const CUSTOMER_PREDICTIONS_QUERY = graphql(`
  query CustomerPredictions($id: ID!, $withChurn: Boolean!, $withCrossSell: Boolean!) {
    customer(id: $id) {
      id
      churnRisk @include(if: $withChurn) {
        probability
        band
        reasons {
          code
          text
          new
        }
        scoredAt
        previousProbability
        previousScoredAt
        smallData
      }
      crossSell(first: 5) @include(if: $withCrossSell) {
        confidence
        lift
        supportCustomers
        product {
          id
          name
        }
        because {
          id
          name
        }
      }
    }
  }
`);
