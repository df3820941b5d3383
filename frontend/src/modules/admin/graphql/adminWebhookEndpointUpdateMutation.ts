import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_UPDATE_MUTATION = graphql(`
  mutation AdminWebhookEndpointUpdate($input: WebhookEndpointUpdateInput!) {
    webhookEndpointUpdate(input: $input) {
      webhookEndpoint {
        ...AdminWebhookEndpointFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
