import { graphql } from "../../../generated";

export const ADMIN_USERS_QUERY = graphql(`
  query AdminUsers($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AdminUserFields
      }
    }
  }
`);
