import { useMutation } from "urql";

import { LEAD_STATUS_SET_MUTATION } from "../graphql/leadStatusSetMutation";

export const useLeadStatusSetMutation = () => useMutation(LEAD_STATUS_SET_MUTATION);
