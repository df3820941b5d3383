import { graphql } from "../../../generated";

/** The opportunity list: a page of deals matching the URL's filters, with the total (what drill-downs compare). */
export const OPPORTUNITY_LIST_QUERY = graphql(`
  query OpportunityList(
    $first: Int!
    $after: String
    $filter: OpportunityFilter!
    $withCustomer: Boolean!
    $withOwner: Boolean!
  ) {
    opportunities(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        amount
        status
        createdAt
        closedAt
        stage {
          id
          key
          name
        }
        customer @include(if: $withCustomer) {
          id
          name
        }
        owner @include(if: $withOwner) {
          id
          name
        }
      }
    }
  }
`);
