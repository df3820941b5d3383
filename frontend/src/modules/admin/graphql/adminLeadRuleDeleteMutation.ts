import { graphql } from "../../../generated";

export const ADMIN_LEAD_RULE_DELETE_MUTATION = graphql(`
  mutation AdminLeadRuleDelete($id: ID!) {
    leadRuleDelete(id: $id) {
      deleted
    }
  }
`);
