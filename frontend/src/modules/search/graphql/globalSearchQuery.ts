import { graphql } from "../../../generated";

/** The header's search: customers (and their contacts) and tickets, each only when the viewer may ask. */
export const GLOBAL_SEARCH_QUERY = graphql(`
  query GlobalSearch(
    $search: String!
    $first: Int!
    $withCustomers: Boolean!
    $withCustomerCity: Boolean!
    $withTickets: Boolean!
  ) {
    customers(first: $first, search: $search) @include(if: $withCustomers) {
      nodes {
        id
        name
        city @include(if: $withCustomerCity)
      }
    }
    tickets(first: $first, filter: { search: $search }) @include(if: $withTickets) {
      nodes {
        id
        number
        subject
        status
      }
    }
  }
`);
