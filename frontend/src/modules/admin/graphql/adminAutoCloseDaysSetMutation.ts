import { graphql } from "../../../generated";

export const ADMIN_AUTO_CLOSE_DAYS_SET_MUTATION = graphql(`
  mutation AdminAutoCloseDaysSet($days: Int!) {
    autoCloseDaysSet(days: $days) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
