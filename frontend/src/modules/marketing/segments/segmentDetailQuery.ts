import { graphql } from "../../../generated";

export const SEGMENT_DETAIL_QUERY = graphql(`
  query SegmentDetail($id: ID!, $first: Int!, $after: String) {
    segment(id: $id) {
      id
      version
      name
      description
      kind
      rules
      preset
      frozenAt
      memberCount
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          name
        }
      }
    }
  }
`);
