import { graphql } from "../../../generated";

export const TICKET_ESCALATE_MUTATION = graphql(`
  mutation TicketEscalate($input: TicketReasonInput!) {
    ticketEscalate(input: $input) {
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
