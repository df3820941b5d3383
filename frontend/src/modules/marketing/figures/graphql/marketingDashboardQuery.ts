import { graphql } from "../../../../generated";

export const MARKETING_DASHBOARD_QUERY = graphql(`
  query MarketingDashboard($period: MarketingPeriod!, $model: AttributionModel!, $withCampaigns: Boolean!) {
    byCampaign: marketingFigures(period: $period, model: $model, groupBy: CAMPAIGN) {
      campaignId
      channel
      reach
      responses
      conversions
      attributedRevenue
      cost
      roi
    }
    byChannel: marketingFigures(period: $period, model: $model, groupBy: CHANNEL) {
      campaignId
      channel
      reach
      responses
      conversions
      attributedRevenue
      cost
      roi
    }
    marketingAttributionCompare(period: $period) {
      model
      conversions
      attributedRevenue
    }
    marketingSpendRatio(period: $period) {
      spend
      salesRevenue
      ratio
    }
    campaigns(first: 100) @include(if: $withCampaigns) {
      nodes {
        id
        name
      }
    }
  }
`);
