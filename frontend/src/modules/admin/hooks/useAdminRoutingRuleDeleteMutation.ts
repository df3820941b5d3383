import { useMutation } from "urql";

import { ADMIN_ROUTING_RULE_DELETE_MUTATION } from "../graphql/adminRoutingRuleDeleteMutation";

export const useAdminRoutingRuleDeleteMutation = () => useMutation(ADMIN_ROUTING_RULE_DELETE_MUTATION);
