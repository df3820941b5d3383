import { graphql } from "../../../generated";

export const ADMIN_POOL_RULE_SAVE_MUTATION = graphql(`
  mutation AdminPoolRuleSave($input: PoolRuleInput!) {
    poolRuleSave(input: $input) {
      rule {
        id
        version
        grade
        daysWithoutFollowUp
        warnDaysBefore
        dailyClaimLimit
        reclaimCooldownDays
        exemptFromStagePosition
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
