import { graphql } from "../../../generated";

export const ADMIN_API_TOKENS_QUERY = graphql(`
  query AdminApiTokens {
    apiTokens {
      id
      name
      prefix
      createdAt
      expiresAt
      lastUsedAt
      revokedAt
      user {
        id
        name
        email
      }
    }
  }
`);
