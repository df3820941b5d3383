import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_DELIVERY_REPLAY_MUTATION = graphql(`
  mutation AdminWebhookDeliveryReplay($input: WebhookDeliveryReplayInput!) {
    webhookDeliveryReplay(input: $input) {
      webhookDelivery {
        ...AdminWebhookDeliveryFields
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
