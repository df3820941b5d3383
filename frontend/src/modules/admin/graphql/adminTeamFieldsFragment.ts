import { graphql } from "../../../generated";

/** A team as the admin's team tree shows and edits it. */
export const ADMIN_TEAM_FIELDS_FRAGMENT = graphql(`
  fragment AdminTeamFields on Team {
    id
    name
    kind
    parent {
      id
    }
    manager {
      id
      name
    }
  }
`);
