import { graphql } from "../../../generated";

export const CUSTOMER_360_CONTACT_UPDATE_MUTATION = graphql(`
  mutation Customer360ContactUpdate($input: ContactUpdateInput!) {
    contactUpdate(input: $input) {
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
