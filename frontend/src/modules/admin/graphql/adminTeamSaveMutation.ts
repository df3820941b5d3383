import { graphql } from "../../../generated";

export const ADMIN_TEAM_SAVE_MUTATION = graphql(`
  mutation AdminTeamSave($input: TeamSaveInput!) {
    teamSave(input: $input) {
      team {
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
      userErrors {
        field
        message
        code
      }
    }
  }
`);
