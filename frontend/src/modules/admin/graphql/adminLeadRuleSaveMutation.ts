import { graphql } from "../../../generated";

export const ADMIN_LEAD_RULE_SAVE_MUTATION = graphql(`
  mutation AdminLeadRuleSave($input: LeadRuleInput!) {
    leadRuleSave(input: $input) {
      rule {
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
      userErrors {
        field
        message
        code
      }
    }
  }
`);
