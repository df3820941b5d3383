import { graphql } from "../../../generated";

export const CUSTOMER_360_POOL_RELEASE_MUTATION = graphql(`
  mutation Customer360PoolRelease($input: PoolReleaseInput!) {
    poolRelease(input: $input) {
      released
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
