import { graphql } from "../../../../generated";

export const JOURNEY_DELETE_MUTATION = graphql(`
  mutation JourneyDelete($input: JourneyDeleteInput!) {
    journeyDelete(input: $input) {
      deletedId
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
