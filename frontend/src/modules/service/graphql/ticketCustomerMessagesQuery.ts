import { graphql } from "../../../generated";

export const TICKET_CUSTOMER_MESSAGES_QUERY = graphql(`
  query TicketCustomerMessages($id: ID!, $withError: Boolean!) {
    ticket(id: $id) {
      id
      customerMessages {
        kind
        subject
        language
        status
        createdAt
        sentAt
        error @include(if: $withError)
      }
    }
  }
`);
