import { graphql } from "../../../../generated";

export const JOURNEY_SAVE_MUTATION = graphql(`
  mutation JourneySave($input: JourneySaveInput!) {
    journeySave(input: $input) {
      journey {
        ...JourneyFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
