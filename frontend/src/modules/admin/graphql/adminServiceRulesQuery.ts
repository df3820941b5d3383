import { graphql } from "../../../generated";

/** Everything the service-rules section edits, in one request. */
export const ADMIN_SERVICE_RULES_QUERY = graphql(`
  query AdminServiceRules {
    slaPolicies {
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
    businessCalendars {
      id
      version
      name
      timezone
      workingDays
      dayStart
      dayEnd
      holidays
    }
    routingRules {
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
