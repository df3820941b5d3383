import { graphql } from "../../../generated";

/** The dashboard's "lost-deal retrospective" widget: where the period's lost deals differed from the won ones. */
export const DASHBOARD_LOST_DEALS_QUERY = graphql(`
  query DashboardLostDeals($from: Date!, $to: Date!) {
    lostDealRetrospective(from: $from, to: $to) {
      lostDeals
      wonDeals
      factors {
        factor
        lostValue
        wonValue
        text
      }
    }
  }
`);
