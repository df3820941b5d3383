import { graphql } from "../../../generated";

export const SEGMENT_PRESETS_QUERY = graphql(`
  query SegmentPresets {
    segmentPresets {
      key
      name
      description
      rules
    }
  }
`);
