import { graphql } from "../../../generated";

/** The role names (and what each is for) that users can be given. */
export const ADMIN_ROLES_QUERY = graphql(`
  query AdminRoles {
    permissionMatrix {
      version
      roles {
        role
        description
      }
    }
  }
`);
