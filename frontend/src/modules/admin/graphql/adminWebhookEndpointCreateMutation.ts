import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_CREATE_MUTATION = graphql(`
  mutation AdminWebhookEndpointCreate($input: WebhookEndpointCreateInput!) {
    webhookEndpointCreate(input: $input) {
      webhookEndpoint {
        ...AdminWebhookEndpointFields
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
