import { graphql } from "../../../generated";

export const SERVICE_TICKET_QUERY = graphql(`
  query ServiceTicket(
    $id: ID!
    $withSla: Boolean!
    $withEscalation: Boolean!
    $withQueue: Boolean!
    $withCustomer: Boolean!
    $withContact: Boolean!
    $withContactPhones: Boolean!
    $withNotes: Boolean!
    $withHistory: Boolean!
  ) {
    ticket(id: $id) {
      ...TicketListFields
      description
      rating
      ratingComment
      ratedAt
      resolvedAt
      closedAt
      reopenCount @include(if: $withEscalation)
      contact @include(if: $withContact) {
        id
        name
        phones @include(if: $withContactPhones)
      }
      comments {
        ...TicketCommentFields
      }
      internalNotes @include(if: $withNotes) {
        ...TicketCommentFields
      }
      history @include(if: $withHistory) {
        cursor
        kind
        at
        data
        actor {
          id
          name
        }
      }
      suggestedArticles {
        id
        title
        body
        category
      }
    }
  }
`);
