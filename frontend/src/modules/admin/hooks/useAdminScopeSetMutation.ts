import { useMutation } from "urql";

import { ADMIN_SCOPE_SET_MUTATION } from "../graphql/adminScopeSetMutation";

export const useAdminScopeSetMutation = () => useMutation(ADMIN_SCOPE_SET_MUTATION);
