import { graphql } from "../../../generated";

export const LEAD_STATUS_SET_MUTATION = graphql(`
  mutation LeadStatusSet($input: LeadStatusSetInput!) {
    leadStatusSet(input: $input) {
      lead {
        id
        version
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
