import { graphql } from "../../../generated";

export const TICKET_ESCALATE_MUTATION = graphql(`
  mutation TicketEscalate($input: TicketReasonInput!) {
    ticketEscalate(input: $input) {
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
