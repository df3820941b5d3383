import { graphql } from "../../../../generated";

export const JOURNEY_ARCHIVE_MUTATION = graphql(`
  mutation JourneyArchive($input: JourneyStatusInput!) {
    journeyArchive(input: $input) {
      journey {
        ...JourneyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
