import { graphql } from "../../../generated";

export const ADMIN_USER_UPDATE_MUTATION = graphql(`
  mutation AdminUserUpdate($input: UserUpdateInput!) {
    userUpdate(input: $input) {
      user {
        ...AdminUserFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
