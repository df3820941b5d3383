import { graphql } from "../../../generated";

/** Pipeline stages, lead assignment rules, pool rules and who they can name, in one request. */
export const ADMIN_SALES_RULES_QUERY = graphql(`
  query AdminSalesRules {
    pipelineStages {
      id
      version
      key
      name
      position
      probability
      requiresApproval
      approvalThreshold
      isWon
      isLost
    }
    leadRules {
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
    poolRules {
      id
      version
      grade
      daysWithoutFollowUp
      warnDaysBefore
      dailyClaimLimit
      reclaimCooldownDays
      exemptFromStagePosition
    }
    salesForce {
      id
      name
      email
    }
    teams {
      id
      name
      kind
    }
  }
`);
