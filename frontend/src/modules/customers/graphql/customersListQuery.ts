import { graphql } from "../../../generated";

/** A page of customers for the list; every optional column is asked for only when the viewer may read it. */
export const CUSTOMERS_LIST_QUERY = graphql(`
  query CustomersList(
    $first: Int!
    $after: String
    $filter: CustomerFilter
    $orderBy: CustomerOrderBy
    $search: String
    $withKind: Boolean!
    $withStatus: Boolean!
    $withGrade: Boolean!
    $withProvince: Boolean!
    $withCity: Boolean!
    $withIndustry: Boolean!
    $withPoolStatus: Boolean!
    $withLastActivityAt: Boolean!
    $withCreatedAt: Boolean!
    $withOwner: Boolean!
    $withTags: Boolean!
    $withContacts: Boolean!
    $withPhones: Boolean!
    $withRfm: Boolean!
    $withLifetimeValue: Boolean!
  ) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...CustomerListRowFields
      }
    }
  }
`);
