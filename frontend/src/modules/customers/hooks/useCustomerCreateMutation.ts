import { useMutation } from "urql";

import { CUSTOMER_CREATE_MUTATION } from "../graphql/customerCreateMutation";

export const useCustomerCreateMutation = () => useMutation(CUSTOMER_CREATE_MUTATION);
