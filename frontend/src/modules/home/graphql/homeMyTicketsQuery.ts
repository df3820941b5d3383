import { graphql } from "../../../generated";

/** Open tickets assigned to the viewer, with their SLA due times. */
export const HOME_MY_TICKETS_QUERY = graphql(`
  query HomeMyTickets($assigneeId: ID!, $first: Int!) {
    tickets(first: $first, filter: { assigneeIds: [$assigneeId], openOnly: true }) {
      totalCount
      nodes {
        id
        number
        subject
        priority
        status
        firstRespondedAt
        sla {
          ...TicketSlaFields
        }
        customer {
          id
          name
        }
      }
    }
  }
`);
