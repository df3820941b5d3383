import { graphql } from "../../../generated";

export const CAMPAIGN_SEND_NOW_MUTATION = graphql(`
  mutation CampaignSendNow($input: CampaignInput!) {
    campaignSendNow(input: $input) {
      campaign {
        id
        version
        status
        approvedAt
      }
      userErrors {
        ...UserErrorFields
      }
    }
  }
`);
