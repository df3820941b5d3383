import { useMutation } from "urql";

import { ADMIN_AGENT_PROFILE_SET_MUTATION } from "../graphql/adminAgentProfileSetMutation";

export const useAdminAgentProfileSetMutation = () => useMutation(ADMIN_AGENT_PROFILE_SET_MUTATION);
