import { graphql } from "../../../generated";

export const ADMIN_POOL_RULE_SAVE_MUTATION = graphql(`
  mutation AdminPoolRuleSave($input: PoolRuleInput!) {
    poolRuleSave(input: $input) {
      rule {
        ...AdminPoolRuleFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
