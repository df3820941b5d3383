import { graphql } from "../../../generated";

export const POOL_ALLOCATE_MUTATION = graphql(`
  mutation PoolAllocate($input: PoolAllocateInput!) {
    poolAllocate(input: $input) {
      customer {
        id
        name
        owner {
          id
          name
        }
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
