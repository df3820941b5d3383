import { graphql } from "../../../generated";

export const CUSTOMER_CREATE_MUTATION = graphql(`
  mutation CustomerCreate($input: CustomerCreateInput!) {
    customerCreate(input: $input) {
      customer {
        id
        name
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
