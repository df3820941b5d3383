import { graphql } from "../../../generated";

export const ADMIN_TEAM_SAVE_MUTATION = graphql(`
  mutation AdminTeamSave($input: TeamSaveInput!) {
    teamSave(input: $input) {
      team {
        ...AdminTeamFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
