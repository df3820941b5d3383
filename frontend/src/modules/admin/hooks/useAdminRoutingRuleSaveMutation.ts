import { useMutation } from "urql";

import { ADMIN_ROUTING_RULE_SAVE_MUTATION } from "../graphql/adminRoutingRuleSaveMutation";

export const useAdminRoutingRuleSaveMutation = () => useMutation(ADMIN_ROUTING_RULE_SAVE_MUTATION);
