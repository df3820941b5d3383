import { useMutation } from "urql";

import { LEAD_ASSIGN_MUTATION } from "../graphql/leadAssignMutation";

export const useLeadAssignMutation = () => useMutation(LEAD_ASSIGN_MUTATION);
