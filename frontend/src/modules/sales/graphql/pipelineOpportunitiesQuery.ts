import { graphql } from "../../../generated";

export const PIPELINE_OPPORTUNITIES_QUERY = graphql(`
  query PipelineOpportunities(
    $first: Int!
    $after: String
    $filter: OpportunityFilter!
    $withCustomer: Boolean!
    $withOwner: Boolean!
    $withApproval: Boolean!
    $withWin: Boolean!
  ) {
    opportunities(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...OpportunityCardFields
      }
    }
  }
`);
