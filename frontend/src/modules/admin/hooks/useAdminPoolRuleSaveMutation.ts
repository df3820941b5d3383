import { useMutation } from "urql";

import { ADMIN_POOL_RULE_SAVE_MUTATION } from "../graphql/adminPoolRuleSaveMutation";

export const useAdminPoolRuleSaveMutation = () => useMutation(ADMIN_POOL_RULE_SAVE_MUTATION);
