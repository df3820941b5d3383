import { graphql } from "../../../generated";

/** A role's field access and row scopes as the permission matrix shows and changes them. */
export const ADMIN_ROLE_PERMISSIONS_FIELDS_FRAGMENT = graphql(`
  fragment AdminRolePermissionsFields on RolePermissions {
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
`);
