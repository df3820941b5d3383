import { graphql } from "../../../generated";

export const CUSTOMER_360_UNARCHIVE_MUTATION = graphql(`
  mutation Customer360Unarchive($input: CustomerVersionInput!) {
    customerUnarchive(input: $input) {
      customer {
        id
        version
        archivedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
