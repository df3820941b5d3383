import { graphql } from "../../../generated";

export const CUSTOMER_360_CONTACT_CREATE_MUTATION = graphql(`
  mutation Customer360ContactCreate($input: ContactCreateInput!) {
    contactCreate(input: $input) {
      contact {
        id
        version
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
