import { graphql } from "../../../generated";

export const TICKET_REOPEN_MUTATION = graphql(`
  mutation TicketReopen($input: TicketReasonInput!) {
    ticketReopen(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
