import { graphql } from "../../../generated";

export const SUPPRESSIONS_QUERY = graphql(`
  query Suppressions($first: Int!, $after: String) {
    suppressions(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        masked
        reason
      }
    }
  }
`);
