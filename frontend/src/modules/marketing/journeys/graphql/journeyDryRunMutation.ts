import { graphql } from "../../../../generated";

export const JOURNEY_DRY_RUN_MUTATION = graphql(`
  mutation JourneyDryRun($input: JourneyDryRunInput!) {
    journeyDryRun(input: $input) {
      entries {
        customer {
          id
          name
        }
        path
        messages {
          channel
          subject
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
