import { graphql } from "../../../generated";

export const ADMIN_PERMISSION_SET_MUTATION = graphql(`
  mutation AdminPermissionSet($input: PermissionSetInput!) {
    permissionSet(input: $input) {
      role {
        role
        description
        inherits
        fields {
          type
          field
          access
        }
        explicit {
          type
          field
          access
        }
        scopes {
          type
          scopes
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
