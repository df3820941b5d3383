import { graphql } from "../../../generated";

export const CUSTOMER_360_UPDATE_MUTATION = graphql(`
  mutation Customer360Update($input: CustomerUpdateInput!) {
    customerUpdate(input: $input) {
      customer {
        id
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
