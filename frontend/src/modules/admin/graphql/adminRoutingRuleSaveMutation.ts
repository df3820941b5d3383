import { graphql } from "../../../generated";

export const ADMIN_ROUTING_RULE_SAVE_MUTATION = graphql(`
  mutation AdminRoutingRuleSave($input: RoutingRuleInput!) {
    routingRuleSave(input: $input) {
      routingRule {
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
      userErrors {
        field
        message
        code
      }
    }
  }
`);
