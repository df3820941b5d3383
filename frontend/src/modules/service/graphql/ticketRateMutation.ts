import { graphql } from "../../../generated";

export const TICKET_RATE_MUTATION = graphql(`
  mutation TicketRate($input: TicketRateInput!) {
    ticketRate(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
