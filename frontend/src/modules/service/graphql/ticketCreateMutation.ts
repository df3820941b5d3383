import { graphql } from "../../../generated";

/** Staff open a ticket for a customer (e.g. who phoned in). */
export const TICKET_CREATE_MUTATION = graphql(`
  mutation TicketCreate($input: TicketCreateInput!) {
    ticketCreate(input: $input) {
      ticket {
        id
        number
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
