import { useMutation } from "urql";

import { LEAD_CONVERT_MUTATION } from "../graphql/leadConvertMutation";

export const useLeadConvertMutation = () => useMutation(LEAD_CONVERT_MUTATION);
