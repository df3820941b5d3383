import { useMutation } from "urql";

import { ADMIN_SALES_TARGET_SET_MUTATION } from "../graphql/adminSalesTargetSetMutation";

export const useAdminSalesTargetSetMutation = () => useMutation(ADMIN_SALES_TARGET_SET_MUTATION);
