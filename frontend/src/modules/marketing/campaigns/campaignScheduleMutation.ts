import { graphql } from "../../../generated";

export const CAMPAIGN_SCHEDULE_MUTATION = graphql(`
  mutation CampaignSchedule($input: CampaignScheduleInput!) {
    campaignSchedule(input: $input) {
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
