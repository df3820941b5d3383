import { graphql } from "../../../generated";

export const ADMIN_PERMISSION_SET_MUTATION = graphql(`
  mutation AdminPermissionSet($input: PermissionSetInput!) {
    permissionSet(input: $input) {
      role {
        ...AdminRolePermissionsFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
