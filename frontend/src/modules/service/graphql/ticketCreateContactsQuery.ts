import { graphql } from "../../../generated";

/** The customer's contacts, to say who asked in a new ticket. */
export const TICKET_CREATE_CONTACTS_QUERY = graphql(`
  query TicketCreateContacts($id: ID!) {
    customer(id: $id) {
      id
      name
      contacts {
        id
        name
        isPrimary
      }
    }
  }
`);
