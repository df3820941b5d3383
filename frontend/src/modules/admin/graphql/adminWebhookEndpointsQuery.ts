import { graphql } from "../../../generated";

export const ADMIN_WEBHOOK_ENDPOINTS_QUERY = graphql(`
  query AdminWebhookEndpoints {
    webhookEndpoints {
      ...AdminWebhookEndpointFields
    }
    apiTokens {
      id
      name
    }
  }
`);
