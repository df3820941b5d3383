import { graphql } from "../../../generated";

export const ADMIN_SCOPE_SET_MUTATION = graphql(`
  mutation AdminScopeSet($input: ScopeSetInput!) {
    scopeSet(input: $input) {
      role {
        ...AdminRolePermissionsFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
