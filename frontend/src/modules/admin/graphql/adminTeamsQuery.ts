import { graphql } from "../../../generated";

export const ADMIN_TEAMS_QUERY = graphql(`
  query AdminTeams {
    teams {
      ...AdminTeamFields
    }
  }
`);
