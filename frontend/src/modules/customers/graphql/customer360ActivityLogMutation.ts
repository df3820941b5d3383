import { graphql } from "../../../generated";

export const CUSTOMER_360_ACTIVITY_LOG_MUTATION = graphql(`
  mutation Customer360ActivityLog($input: ActivityLogInput!, $withContact: Boolean!) {
    activityLog(input: $input) {
      activity {
        id
        kind
        subject
        body
        outcome
        occurredAt
        contact @include(if: $withContact) {
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
