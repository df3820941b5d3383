import { graphql } from "../../../generated";

/** A lead assignment rule as the admin's rule editor shows and edits it. */
export const ADMIN_LEAD_RULE_FIELDS_FRAGMENT = graphql(`
  fragment AdminLeadRuleFields on LeadRule {
    id
    version
    position
    kind
    province
    source
    active
    user {
      id
      name
    }
    team {
      id
      name
    }
  }
`);
