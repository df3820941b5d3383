import { graphql } from "../../../generated";

/** A segment's own fields (compiled); its count and members are `SegmentMembers` / `SegmentCount`. */
export const SEGMENT_DETAIL_QUERY = graphql(`
  query SegmentDetail($id: ID!) {
    segment(id: $id) {
      id
      version
      name
      description
      kind
      rules
      preset
      frozenAt
    }
  }
`);
