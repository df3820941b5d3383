import { graphql } from "../../../generated";

export const CUSTOMER_360_UNTAG_MUTATION = graphql(`
  mutation Customer360Untag($input: CustomerTagInput!) {
    customerUntag(input: $input) {
      customer {
        id
        version
        tags {
          id
          name
          color
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
