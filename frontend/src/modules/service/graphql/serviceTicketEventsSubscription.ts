import { graphql } from "../../../generated";

export const SERVICE_TICKET_EVENTS_SUBSCRIPTION = graphql(`
  subscription ServiceTicketEvents(
    $filter: TicketEventFilter
    $after: String
    $withSla: Boolean!
    $withEscalation: Boolean!
    $withQueue: Boolean!
    $withCustomer: Boolean!
  ) {
    ticketEvents(filter: $filter, after: $after) {
      cursor
      kind
      at
      ticket {
        ...TicketListFields
      }
    }
  }
`);
