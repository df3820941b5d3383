import { graphql } from "../../../generated";

/** A public-pool rule (per grade) as the admin's rule editor shows and edits it. */
export const ADMIN_POOL_RULE_FIELDS_FRAGMENT = graphql(`
  fragment AdminPoolRuleFields on PoolRule {
    id
    version
    grade
    daysWithoutFollowUp
    warnDaysBefore
    dailyClaimLimit
    reclaimCooldownDays
    exemptFromStagePosition
    countedEvents
  }
`);
