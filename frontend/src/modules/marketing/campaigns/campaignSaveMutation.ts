import { graphql } from "../../../generated";

export const CAMPAIGN_SAVE_MUTATION = graphql(`
  mutation CampaignSave($input: CampaignSaveInput!) {
    campaignSave(input: $input) {
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
