import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_FIELDS_FRAGMENT = graphql(`
  fragment AdminWebhookEndpointFields on WebhookEndpoint {
    id
    version
    name
    url
    events
    apiTokenId
    pausedAt
    pauseReason
    createdAt
    pendingCount
    deliveredCount
    failedCount
  }
`);
