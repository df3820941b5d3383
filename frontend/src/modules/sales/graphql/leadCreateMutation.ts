import { graphql } from "../../../generated";

export const LEAD_CREATE_MUTATION = graphql(`
  mutation LeadCreate($input: LeadCreateInput!) {
    leadCreate(input: $input) {
      duplicate
      lead {
        id
        name
        status
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
