import { graphql } from "../../../generated";

/**
 * A deal's predictions for its page: the win probability of an open deal, and where a lost deal differed from the
 * won ones. Its own operation beside OpportunityDetail; each part only when the viewer may read it.
 */
export const OPPORTUNITY_PREDICTIONS_QUERY = graphql(`
  query OpportunityPredictions($id: ID!, $withWin: Boolean!, $withRetrospective: Boolean!) {
    opportunity(id: $id) {
      id
      winProbability @include(if: $withWin) {
        probability
        previousProbability
        previousScoredAt
        smallData
        reasons
        scoredAt
      }
    }
    opportunityRetrospective(id: $id) @include(if: $withRetrospective) {
      factor
      lostValue
      wonValue
      text
    }
  }
`);
