import { graphql } from "../../../generated";

export const ADMIN_ROUTING_RULE_DELETE_MUTATION = graphql(`
  mutation AdminRoutingRuleDelete($id: ID!) {
    routingRuleDelete(id: $id) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
