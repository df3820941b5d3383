import { graphql } from "../../../../generated";

export const JOURNEY_RESTORE_MUTATION = graphql(`
  mutation JourneyRestore($input: JourneyStatusInput!) {
    journeyRestore(input: $input) {
      journey {
        ...JourneyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
