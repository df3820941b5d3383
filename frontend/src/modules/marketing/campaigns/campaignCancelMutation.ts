import { graphql } from "../../../generated";

export const CAMPAIGN_CANCEL_MUTATION = graphql(`
  mutation CampaignCancel($input: CampaignInput!) {
    campaignCancel(input: $input) {
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
