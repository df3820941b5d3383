import { graphql } from "../../../generated";

export const ADMIN_USER_UPDATE_MUTATION = graphql(`
  mutation AdminUserUpdate($input: UserUpdateInput!) {
    userUpdate(input: $input) {
      user {
        id
        email
        name
        locale
        active
        roles
        team {
          id
          name
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);
