import { useMutation } from "urql";

import { LEAD_BULK_CREATE_MUTATION } from "../graphql/leadBulkCreateMutation";

export const useLeadBulkCreateMutation = () => useMutation(LEAD_BULK_CREATE_MUTATION);
