import { graphql } from "../../../generated";

export const ADMIN_SLA_POLICY_SAVE_MUTATION = graphql(`
  mutation AdminSlaPolicySave($input: SlaPolicyInput!) {
    slaPolicySave(input: $input) {
      slaPolicy {
        ...AdminSlaPolicyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
