import { graphql } from "../../../generated";

export const ADMIN_API_TOKEN_REVOKE_MUTATION = graphql(`
  mutation AdminApiTokenRevoke($input: ApiTokenRevokeInput!) {
    apiTokenRevoke(input: $input) {
      apiToken {
        id
        revokedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
