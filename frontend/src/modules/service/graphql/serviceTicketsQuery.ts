import { graphql } from "../../../generated";

export const SERVICE_TICKETS_QUERY = graphql(`
  query ServiceTickets(
    $first: Int
    $after: String
    $filter: TicketFilter
    $withSla: Boolean!
    $withEscalation: Boolean!
    $withQueue: Boolean!
    $withCustomer: Boolean!
  ) {
    tickets(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...TicketListFields
      }
    }
  }
`);
