import { useMutation } from "urql";

import { LEAD_CREATE_MUTATION } from "../graphql/leadCreateMutation";

export const useLeadCreateMutation = () => useMutation(LEAD_CREATE_MUTATION);
