import { graphql } from "../../../generated";

export const ADMIN_PERMISSION_MATRIX_QUERY = graphql(`
  query AdminPermissionMatrix {
    permissionMatrix {
      version
      maskable
      types {
        name
        fields
        scoped
      }
      roles {
        ...AdminRolePermissionsFields
      }
    }
  }
`);
