import { useMutation } from "urql";

import { CUSTOMER_360_UPDATE_MUTATION } from "../graphql/customer360UpdateMutation";

export const useCustomer360UpdateMutation = () => useMutation(CUSTOMER_360_UPDATE_MUTATION);
