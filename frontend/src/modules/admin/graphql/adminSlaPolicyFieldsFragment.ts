import { graphql } from "../../../generated";

/** An SLA policy as the admin's policy editor shows and edits it. */
export const ADMIN_SLA_POLICY_FIELDS_FRAGMENT = graphql(`
  fragment AdminSlaPolicyFields on SlaPolicy {
    id
    version
    name
    position
    priority
    category
    firstResponseMinutes
    resolutionMinutes
    calendarId
    active
  }
`);
