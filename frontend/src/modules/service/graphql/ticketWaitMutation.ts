import { graphql } from "../../../generated";

export const TICKET_WAIT_MUTATION = graphql(`
  mutation TicketWait($input: TicketActionInput!) {
    ticketWait(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
