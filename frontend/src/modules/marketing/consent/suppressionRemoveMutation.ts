import { graphql } from "../../../generated";

export const SUPPRESSION_REMOVE_MUTATION = graphql(`
  mutation SuppressionRemove($input: SuppressionRemoveInput!) {
    suppressionRemove(input: $input) {
      removed
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
