import { useMutation } from "urql";

import { CUSTOMER_360_MERGE_MUTATION } from "../graphql/customer360MergeMutation";

export const useCustomer360MergeMutation = () => useMutation(CUSTOMER_360_MERGE_MUTATION);
