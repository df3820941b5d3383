import { useMutation } from "urql";

import { ADMIN_USER_UPDATE_MUTATION } from "../graphql/adminUserUpdateMutation";

export const useAdminUserUpdateMutation = () => useMutation(ADMIN_USER_UPDATE_MUTATION);
