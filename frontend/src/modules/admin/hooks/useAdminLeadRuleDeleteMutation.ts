import { useMutation } from "urql";

import { ADMIN_LEAD_RULE_DELETE_MUTATION } from "../graphql/adminLeadRuleDeleteMutation";

export const useAdminLeadRuleDeleteMutation = () => useMutation(ADMIN_LEAD_RULE_DELETE_MUTATION);
