import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_ROTATE_SECRET_MUTATION = graphql(`
  mutation AdminWebhookEndpointRotateSecret($input: WebhookEndpointIdInput!) {
    webhookEndpointRotateSecret(input: $input) {
      webhookEndpoint {
        id
      }
      secret
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
