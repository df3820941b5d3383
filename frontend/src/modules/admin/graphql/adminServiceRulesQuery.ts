import { graphql } from "../../../generated";

/** Everything the service-rules section edits, in one request. */
export const ADMIN_SERVICE_RULES_QUERY = graphql(`
  query AdminServiceRules {
    slaPolicies {
      ...AdminSlaPolicyFields
    }
    businessCalendars {
      ...AdminBusinessCalendarFields
    }
    routingRules {
      ...AdminRoutingRuleFields
    }
    autoCloseDays
    serviceAgents {
      user {
        id
        name
        email
        roles
      }
      skills
      available
      maxOpen
      openTickets
    }
    teams {
      id
      name
      kind
    }
  }
`);
