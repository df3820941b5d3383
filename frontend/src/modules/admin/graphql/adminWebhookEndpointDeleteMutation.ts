import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINT_DELETE_MUTATION = graphql(`
  mutation AdminWebhookEndpointDelete($input: WebhookEndpointIdInput!) {
    webhookEndpointDelete(input: $input) {
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
