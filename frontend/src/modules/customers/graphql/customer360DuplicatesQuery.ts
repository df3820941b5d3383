import { graphql } from "../../../generated";

/** Customers that look like this one (same phone or email, or the same trade name), and why. */
export const CUSTOMER_360_DUPLICATES_QUERY = graphql(`
  query Customer360Duplicates($id: ID!, $withOwner: Boolean!, $withCreatedAt: Boolean!) {
    customerDuplicates(id: $id) {
      score
      reasons
      tradeName
      customer {
        id
        name
        owner @include(if: $withOwner) {
          id
          name
        }
        createdAt @include(if: $withCreatedAt)
      }
    }
  }
`);
