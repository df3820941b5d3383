import { graphql } from "../../../generated";

export const CAMPAIGN_DETAIL_QUERY = graphql(`
  query CampaignDetail($id: ID!) {
    campaign(id: $id) {
      id
      version
      name
      goal
      channels
      budget
      status
      audienceSize
      scheduledAt
      approvedAt
      startedAt
      finishedAt
      segmentId
      actualCost
      contents {
        channel
        locale
        subject
        body
      }
      costs {
        id
        label
        amount
        incurredOn
      }
      progress {
        total
        pending
        sent
        skipped
        skippedByReason {
          reason
          count
        }
        failed
        bounced
        opened
        clicked
        unsubscribed
        humanOpens
        humanClicks
      }
    }
  }
`);
