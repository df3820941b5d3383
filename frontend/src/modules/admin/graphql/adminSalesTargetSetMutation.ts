import { graphql } from "../../../generated";

export const ADMIN_SALES_TARGET_SET_MUTATION = graphql(`
  mutation AdminSalesTargetSet($input: SalesTargetInput!) {
    salesTargetSet(input: $input) {
      target {
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
      userErrors {
        field
        message
        code
      }
    }
  }
`);
