import { graphql } from "../../../generated";

export const LOGIN_MUTATION = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      viewer {
        id
        name
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
