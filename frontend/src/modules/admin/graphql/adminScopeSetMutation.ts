import { graphql } from "../../../generated";

export const ADMIN_SCOPE_SET_MUTATION = graphql(`
  mutation AdminScopeSet($input: ScopeSetInput!) {
    scopeSet(input: $input) {
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
