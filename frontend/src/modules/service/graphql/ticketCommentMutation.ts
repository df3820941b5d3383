import { graphql } from "../../../generated";

export const TICKET_COMMENT_MUTATION = graphql(`
  mutation TicketComment($input: TicketCommentInput!) {
    ticketComment(input: $input) {
      comment {
        ...TicketCommentFields
      }
      ticket {
        ...TicketStateFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
