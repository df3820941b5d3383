import { graphql } from "../../../generated";

/** A reply or an internal note as the ticket pages show it. */
export const TICKET_COMMENT_FIELDS_FRAGMENT = graphql(`
  fragment TicketCommentFields on TicketComment {
    id
    body
    public
    fromCustomer
    createdAt
    author {
      id
      name
    }
  }
`);
