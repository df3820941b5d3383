import { graphql } from "../../../generated";

/** What a ticket action changes: the status, and the version the next write must name. */
export const TICKET_STATE_FIELDS_FRAGMENT = graphql(`
  fragment TicketStateFields on Ticket {
    id
    version
    status
  }
`);
