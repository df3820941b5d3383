import { graphql } from "../../../generated";

export const POOL_CLAIM_MUTATION = graphql(`
  mutation PoolClaim($input: PoolClaimInput!) {
    poolClaim(input: $input) {
      claimsLeft
      customer {
        id
        name
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
