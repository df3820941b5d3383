import { useMutation } from "urql";

import { ADMIN_USER_CREATE_MUTATION } from "../graphql/adminUserCreateMutation";

export const useAdminUserCreateMutation = () => useMutation(ADMIN_USER_CREATE_MUTATION);
