import { graphql } from "../../../generated";

/** How many customers one segment holds for the viewer (not compiled: see coverage.NOT_SQL). */
export const SEGMENT_COUNT_QUERY = graphql(`
  query SegmentCount($id: ID!) {
    segment(id: $id) {
      id
      memberCount
    }
  }
`);
