import { useMutation } from "urql";

import { CUSTOMER_360_ACTIVITY_LOG_MUTATION } from "../graphql/customer360ActivityLogMutation";

export const useCustomer360ActivityLogMutation = () => useMutation(CUSTOMER_360_ACTIVITY_LOG_MUTATION);
