import { graphql } from "../../../generated";

export const ADMIN_TEAMS_QUERY = graphql(`
  query AdminTeams {
    teams {
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
  }
`);
