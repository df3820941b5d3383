import { graphql } from "../../../generated";

export const ADMIN_SALES_TARGETS_QUERY = graphql(`
  query AdminSalesTargets($year: Int) {
    salesTargets(year: $year) {
      ...AdminSalesTargetFields
    }
  }
`);
