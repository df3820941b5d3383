import { graphql } from "../../../generated";

export const CAMPAIGN_COST_DELETE_MUTATION = graphql(`
  mutation CampaignCostDelete($input: CampaignCostDeleteInput!) {
    campaignCostDelete(input: $input) {
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
