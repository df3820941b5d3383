import { graphql } from "../../../generated";

export const PUBLIC_POOL_QUERY = graphql(`
  query PublicPool($first: Int!, $after: String, $filter: PoolFilter, $withClaimsLeft: Boolean!) {
    poolClaimsLeft @include(if: $withClaimsLeft)
    publicPool(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        kind
        grade
        industry
        province
        city
        size
        source
        inPoolSince
        lastFollowUpAt
        createdAt
      }
    }
  }
`);
