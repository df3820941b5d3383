import { graphql } from "../../../generated";

/** Open escalated tickets the viewer may see. */
export const HOME_ESCALATIONS_QUERY = graphql(`
  query HomeEscalations($first: Int!) {
    tickets(first: $first, filter: { escalatedOnly: true, openOnly: true }) {
      totalCount
      nodes {
        id
        number
        subject
        priority
        status
        escalationLevel
        firstRespondedAt
        assignee {
          id
          name
        }
        sla {
          ...TicketSlaFields
        }
      }
    }
  }
`);
