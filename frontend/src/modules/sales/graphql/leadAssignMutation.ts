import { graphql } from "../../../generated";

export const LEAD_ASSIGN_MUTATION = graphql(`
  mutation LeadAssign($input: LeadAssignInput!) {
    leadAssign(input: $input) {
      lead {
        id
        version
        status
        owner {
          id
          name
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
