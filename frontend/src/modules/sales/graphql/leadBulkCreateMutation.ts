import { graphql } from "../../../generated";

export const LEAD_BULK_CREATE_MUTATION = graphql(`
  mutation LeadBulkCreate($input: LeadBulkCreateInput!) {
    leadBulkCreate(input: $input) {
      created
      duplicates
      leads {
        id
        name
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
