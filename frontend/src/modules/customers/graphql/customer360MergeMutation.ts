import { graphql } from "../../../generated";

export const CUSTOMER_360_MERGE_MUTATION = graphql(`
  mutation Customer360Merge($input: CustomerMergeInput!) {
    customerMerge(input: $input) {
      customer {
        id
        name
      }
      moved {
        kind
        count
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
