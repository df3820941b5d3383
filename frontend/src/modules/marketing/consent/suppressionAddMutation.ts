import { graphql } from "../../../generated";

export const SUPPRESSION_ADD_MUTATION = graphql(`
  mutation SuppressionAdd($input: SuppressionAddInput!) {
    suppressionAdd(input: $input) {
      suppression {
        id
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
