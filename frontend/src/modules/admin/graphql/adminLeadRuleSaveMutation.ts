import { graphql } from "../../../generated";

export const ADMIN_LEAD_RULE_SAVE_MUTATION = graphql(`
  mutation AdminLeadRuleSave($input: LeadRuleInput!) {
    leadRuleSave(input: $input) {
      rule {
        ...AdminLeadRuleFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
