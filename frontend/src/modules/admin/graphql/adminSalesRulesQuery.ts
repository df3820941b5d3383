import { graphql } from "../../../generated";

/** Pipeline stages, lead assignment rules, pool rules and who they can name, in one request. */
export const ADMIN_SALES_RULES_QUERY = graphql(`
  query AdminSalesRules {
    pipelineStages {
      ...AdminPipelineStageFields
    }
    leadRules {
      ...AdminLeadRuleFields
    }
    poolRules {
      ...AdminPoolRuleFields
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
