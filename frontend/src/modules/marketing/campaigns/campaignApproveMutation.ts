import { graphql } from "../../../generated";

export const CAMPAIGN_APPROVE_MUTATION = graphql(`
  mutation CampaignApprove($input: CampaignInput!) {
    campaignApprove(input: $input) {
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
