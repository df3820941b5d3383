import { graphql } from "../../../generated";

/** A routing rule as the admin's rule editor shows and edits it. */
export const ADMIN_ROUTING_RULE_FIELDS_FRAGMENT = graphql(`
  fragment AdminRoutingRuleFields on RoutingRule {
    id
    version
    position
    category
    channel
    customerGrade
    queueId
    skill
    priority
    active
  }
`);
