import { graphql } from "../../../generated";

/**
 * A ticket as the console lists it. Fields some viewers may not read are behind the variables every
 * operation spreading it declares (see ticketFieldVariables).
 */
export const TICKET_LIST_FIELDS_FRAGMENT = graphql(`
  fragment TicketListFields on Ticket {
    id
    version
    number
    subject
    status
    priority
    category
    channel
    createdAt
    updatedAt
    firstRespondedAt @include(if: $withSla)
    escalationLevel @include(if: $withEscalation)
    sla @include(if: $withSla) {
      ...TicketSlaFields
    }
    queue @include(if: $withQueue) {
      id
      name
    }
    assignee {
      id
      name
    }
    customer @include(if: $withCustomer) {
      id
      name
    }
  }
`);
