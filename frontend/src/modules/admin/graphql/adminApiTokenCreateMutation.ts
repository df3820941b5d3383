import { graphql } from "../../../generated";

export const ADMIN_API_TOKEN_CREATE_MUTATION = graphql(`
  mutation AdminApiTokenCreate($input: ApiTokenCreateInput!) {
    apiTokenCreate(input: $input) {
      apiToken {
        id
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
