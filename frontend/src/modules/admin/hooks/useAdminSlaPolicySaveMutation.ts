import { useMutation } from "urql";

import { ADMIN_SLA_POLICY_SAVE_MUTATION } from "../graphql/adminSlaPolicySaveMutation";

export const useAdminSlaPolicySaveMutation = () => useMutation(ADMIN_SLA_POLICY_SAVE_MUTATION);
