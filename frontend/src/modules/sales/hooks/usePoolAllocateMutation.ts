import { useMutation } from "urql";

import { POOL_ALLOCATE_MUTATION } from "../graphql/poolAllocateMutation";

export const usePoolAllocateMutation = () => useMutation(POOL_ALLOCATE_MUTATION);
