import { graphql } from "../../../generated";

export const PORTAL_TICKET_CREATE_MUTATION = graphql(`
  mutation PortalTicketCreate($input: TicketCreateInput!) {
    ticketCreate(input: $input) {
      ticket {
        id
        number
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
