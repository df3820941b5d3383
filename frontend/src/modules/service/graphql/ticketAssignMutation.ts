import { graphql } from "../../../generated";

export const TICKET_ASSIGN_MUTATION = graphql(`
  mutation TicketAssign($input: TicketAssignInput!) {
    ticketAssign(input: $input) {
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
