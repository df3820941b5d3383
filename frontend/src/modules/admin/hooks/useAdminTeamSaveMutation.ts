import { useMutation } from "urql";

import { ADMIN_TEAM_SAVE_MUTATION } from "../graphql/adminTeamSaveMutation";

export const useAdminTeamSaveMutation = () => useMutation(ADMIN_TEAM_SAVE_MUTATION);
