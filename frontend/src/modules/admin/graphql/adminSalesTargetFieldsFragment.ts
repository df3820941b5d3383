import { graphql } from "../../../generated";

/** A sales target as the admin's target editor shows and edits it. */
export const ADMIN_SALES_TARGET_FIELDS_FRAGMENT = graphql(`
  fragment AdminSalesTargetFields on SalesTarget {
    id
    version
    period
    periodStart
    amount
    user {
      id
      name
    }
    team {
      id
      name
    }
  }
`);
