import { graphql } from "../../../generated";

export const SEGMENT_PREVIEW_QUERY = graphql(`
  query SegmentPreview($rules: JSON!) {
    segmentPreview(rules: $rules) {
      count
      sample {
        id
        name
      }
    }
  }
`);
