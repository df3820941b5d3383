import { graphql } from "../../../generated";

export const TICKET_START_MUTATION = graphql(`
  mutation TicketStart($input: TicketActionInput!) {
    ticketStart(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
