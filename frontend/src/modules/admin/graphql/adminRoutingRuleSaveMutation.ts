import { graphql } from "../../../generated";

export const ADMIN_ROUTING_RULE_SAVE_MUTATION = graphql(`
  mutation AdminRoutingRuleSave($input: RoutingRuleInput!) {
    routingRuleSave(input: $input) {
      routingRule {
        ...AdminRoutingRuleFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
