import { graphql } from "../../../generated";

/** A page of a segment's members: a dynamic segment's rules evaluated now (not compiled: see coverage.NOT_SQL). */
export const SEGMENT_MEMBERS_QUERY = graphql(`
  query SegmentMembers($id: ID!, $first: Int!, $after: String) {
    segment(id: $id) {
      id
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
