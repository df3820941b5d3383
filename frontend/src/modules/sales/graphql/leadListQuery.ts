import { graphql } from "../../../generated";

export const LEAD_LIST_QUERY = graphql(`
  query LeadList(
    $first: Int!
    $after: String
    $filter: LeadFilter
    $withPhone: Boolean!
    $withEmail: Boolean!
    $withOwner: Boolean!
    $withCustomer: Boolean!
    $withOpportunity: Boolean!
  ) {
    leads(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        version
        name
        company
        title
        source
        province
        city
        status
        score
        submissions
        createdAt
        phone @include(if: $withPhone)
        email @include(if: $withEmail)
        owner @include(if: $withOwner) {
          id
          name
        }
        customer @include(if: $withCustomer) {
          id
          name
        }
        opportunity @include(if: $withOpportunity) {
          id
          name
        }
      }
    }
  }
`);
