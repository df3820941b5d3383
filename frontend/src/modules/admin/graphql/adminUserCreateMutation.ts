import { graphql } from "../../../generated";

export const ADMIN_USER_CREATE_MUTATION = graphql(`
  mutation AdminUserCreate($input: UserCreateInput!) {
    userCreate(input: $input) {
      user {
        ...AdminUserFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
