import { graphql } from "../../../generated";

export const SEGMENT_DELETE_MUTATION = graphql(`
  mutation SegmentDelete($input: SegmentDeleteInput!) {
    segmentDelete(input: $input) {
      deletedId
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
