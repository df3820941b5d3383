import { graphql } from "../../../generated";

export const SEGMENT_FREEZE_MUTATION = graphql(`
  mutation SegmentFreeze($input: SegmentFreezeInput!) {
    segmentFreeze(input: $input) {
      segment {
        id
        name
        memberCount
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
