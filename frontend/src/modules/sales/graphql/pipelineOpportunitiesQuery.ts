import { graphql } from "../../../generated";

export const PIPELINE_OPPORTUNITIES_QUERY = graphql(`
  query PipelineOpportunities(
    $first: Int!
    $after: String
    $filter: OpportunityFilter!
    $withCustomer: Boolean!
    $withOwner: Boolean!
    $withApproval: Boolean!
  ) {
    opportunities(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        version
        name
        amount
        status
        expectedClose
        stage {
          id
          key
        }
        customer @include(if: $withCustomer) {
          id
          name
        }
        owner @include(if: $withOwner) {
          id
          name
        }
        pendingApproval @include(if: $withApproval) {
          id
          status
          toStage {
            id
            key
            name
          }
        }
      }
    }
  }
`);
