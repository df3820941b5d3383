import { useMutation } from "urql";

import { POOL_CLAIM_MUTATION } from "../graphql/poolClaimMutation";

export const usePoolClaimMutation = () => useMutation(POOL_CLAIM_MUTATION);
