import { useMutation } from "urql";

import { ADMIN_AUTO_CLOSE_DAYS_SET_MUTATION } from "../graphql/adminAutoCloseDaysSetMutation";

export const useAdminAutoCloseDaysSetMutation = () => useMutation(ADMIN_AUTO_CLOSE_DAYS_SET_MUTATION);
