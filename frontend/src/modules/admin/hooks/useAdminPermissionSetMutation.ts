import { useMutation } from "urql";

import { ADMIN_PERMISSION_SET_MUTATION } from "../graphql/adminPermissionSetMutation";

export const useAdminPermissionSetMutation = () => useMutation(ADMIN_PERMISSION_SET_MUTATION);
