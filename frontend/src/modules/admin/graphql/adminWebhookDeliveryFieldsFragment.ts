import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_DELIVERY_FIELDS_FRAGMENT = graphql(`
  fragment AdminWebhookDeliveryFields on WebhookDelivery {
    id
    eventId
    eventType
    entityId
    sequence
    status
    attempts
    nextAttemptAt
    lastStatusCode
    lastError
    deliveredAt
    createdAt
    payload
    attemptLog {
      at
      statusCode
      error
      durationMs
      replay
    }
  }
`);
