import { graphql } from "../../../generated";

export const SEGMENT_SAVE_MUTATION = graphql(`
  mutation SegmentSave($input: SegmentSaveInput!) {
    segmentSave(input: $input) {
      segment {
        id
        version
        name
        memberCount
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
