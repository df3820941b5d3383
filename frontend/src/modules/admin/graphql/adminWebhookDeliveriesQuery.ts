import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_DELIVERIES_QUERY = graphql(`
  query AdminWebhookDeliveries($filter: WebhookDeliveryFilter, $first: Int, $after: String) {
    webhookDeliveries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...AdminWebhookDeliveryFields
      }
    }
  }
`);
