import { graphql } from "../../../generated";

export const TICKET_START_MUTATION = graphql(`
  mutation TicketStart($input: TicketActionInput!) {
    ticketStart(input: $input) {
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
