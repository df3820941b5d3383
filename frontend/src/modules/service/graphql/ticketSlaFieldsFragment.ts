import { graphql } from "../../../generated";

/** A ticket's SLA clocks, as the countdowns read them (see ui/utils/slaClock). */
export const TICKET_SLA_FIELDS_FRAGMENT = graphql(`
  fragment TicketSlaFields on TicketSla {
    firstResponseDueAt
    firstResponseWarnAt
    resolutionDueAt
    resolutionWarnAt
    firstResponseBreached
    resolutionBreached
    paused
  }
`);
