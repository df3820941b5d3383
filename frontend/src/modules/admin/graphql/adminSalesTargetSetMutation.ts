import { graphql } from "../../../generated";

export const ADMIN_SALES_TARGET_SET_MUTATION = graphql(`
  mutation AdminSalesTargetSet($input: SalesTargetInput!) {
    salesTargetSet(input: $input) {
      target {
        ...AdminSalesTargetFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
