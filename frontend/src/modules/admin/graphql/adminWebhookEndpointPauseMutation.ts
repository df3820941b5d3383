import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_PAUSE_MUTATION = graphql(`
  mutation AdminWebhookEndpointPause($input: WebhookEndpointPauseInput!) {
    webhookEndpointPause(input: $input) {
      webhookEndpoint {
        ...AdminWebhookEndpointFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
