import { graphql } from "../../../../generated";

export const JOURNEY_PAUSE_MUTATION = graphql(`
  mutation JourneyPause($input: JourneyStatusInput!) {
    journeyPause(input: $input) {
      journey {
        ...JourneyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
