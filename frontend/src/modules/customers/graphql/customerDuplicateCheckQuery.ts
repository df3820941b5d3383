import { graphql } from "../../../generated";

/** Customers a new one would likely duplicate: asked before saving (nothing is written). */
export const CUSTOMER_DUPLICATE_CHECK_QUERY = graphql(`
  query CustomerDuplicateCheck($draft: CustomerDuplicateDraft!) {
    customerDuplicateCheck(draft: $draft) {
      score
      reasons
      tradeName
      customer {
        id
        name
      }
    }
  }
`);
