import { graphql } from "../../../generated";

export const TICKET_ASSIGN_MUTATION = graphql(`
  mutation TicketAssign($input: TicketAssignInput!) {
    ticketAssign(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
