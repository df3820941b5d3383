import { useMutation } from "urql";

import { ADMIN_LEAD_RULE_SAVE_MUTATION } from "../graphql/adminLeadRuleSaveMutation";

export const useAdminLeadRuleSaveMutation = () => useMutation(ADMIN_LEAD_RULE_SAVE_MUTATION);
