import { graphql } from "../../../generated";

export const VIEWER_QUERY = graphql(`
  query Viewer {
    viewer {
      id
      email
      name
      locale
      roles
      team {
        id
        name
      }
      permissions {
        isAdmin
        fields {
          type
          field
          access
        }
        scopes {
          type
          scopes
        }
      }
    }
  }
`);
