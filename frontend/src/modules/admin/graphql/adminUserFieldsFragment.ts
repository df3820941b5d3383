import { graphql } from "../../../generated";

/** A user as the admin's user list shows and edits it. */
export const ADMIN_USER_FIELDS_FRAGMENT = graphql(`
  fragment AdminUserFields on User {
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
`);
