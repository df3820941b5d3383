import { graphql } from "../../../generated";

export const CAMPAIGN_COST_ADD_MUTATION = graphql(`
  mutation CampaignCostAdd($input: CampaignCostAddInput!) {
    campaignCostAdd(input: $input) {
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
