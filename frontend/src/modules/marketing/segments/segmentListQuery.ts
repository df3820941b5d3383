import { graphql } from "../../../generated";

export const SEGMENT_LIST_QUERY = graphql(`
  query SegmentList($first: Int!, $after: String, $filter: SegmentFilter, $withOwner: Boolean!) {
    segments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        version
        name
        kind
        updatedAt
        owner @include(if: $withOwner) {
          id
          name
        }
      }
    }
  }
`);
