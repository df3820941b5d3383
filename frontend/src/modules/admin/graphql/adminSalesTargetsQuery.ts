import { graphql } from "../../../generated";

export const ADMIN_SALES_TARGETS_QUERY = graphql(`
  query AdminSalesTargets($year: Int) {
    salesTargets(year: $year) {
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
  }
`);
