import { graphql } from "../../../generated";

export const TICKET_RESOLVE_MUTATION = graphql(`
  mutation TicketResolve($input: TicketActionInput!) {
    ticketResolve(input: $input) {
      ticket {
        ...TicketStateFields
      }
      surveyUrl
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
