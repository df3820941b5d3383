import { graphql } from "../../../generated";

export const CUSTOMER_360_TAG_MUTATION = graphql(`
  mutation Customer360Tag($input: CustomerTagInput!) {
    customerTag(input: $input) {
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
