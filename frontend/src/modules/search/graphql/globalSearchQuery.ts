import { graphql } from "../../../generated";

/** The header's search: customers (and their contacts), tickets, leads and opportunities, each only when the viewer may ask. */
export const GLOBAL_SEARCH_QUERY = graphql(`
  query GlobalSearch(
    $search: String!
    $first: Int!
    $withCustomers: Boolean!
    $withCustomerCity: Boolean!
    $withTickets: Boolean!
    $withLeads: Boolean!
    $withOpportunities: Boolean!
    $withOpportunityCustomer: Boolean!
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
    leads(first: $first, filter: { search: $search }) @include(if: $withLeads) {
      nodes {
        id
        name
        company
      }
    }
    opportunities(first: $first, filter: { search: $search }) @include(if: $withOpportunities) {
      nodes {
        id
        name
        customer @include(if: $withOpportunityCustomer) {
          id
          name
        }
      }
    }
  }
`);
