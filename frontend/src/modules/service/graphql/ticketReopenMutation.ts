import { graphql } from "../../../generated";

export const TICKET_REOPEN_MUTATION = graphql(`
  mutation TicketReopen($input: TicketReasonInput!) {
    ticketReopen(input: $input) {
      ticket {
        id
        version
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
