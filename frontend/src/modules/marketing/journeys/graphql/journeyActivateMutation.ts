import { graphql } from "../../../../generated";

export const JOURNEY_ACTIVATE_MUTATION = graphql(`
  mutation JourneyActivate($input: JourneyStatusInput!) {
    journeyActivate(input: $input) {
      journey {
        ...JourneyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
