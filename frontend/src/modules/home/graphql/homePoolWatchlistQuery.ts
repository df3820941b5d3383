import { graphql } from "../../../generated";

/** The viewer's customers that return to the public pool within a few days, soonest first. */
export const HOME_POOL_WATCHLIST_QUERY = graphql(`
  query HomePoolWatchlist($withinDays: Int!, $first: Int!) {
    poolWatchlist(withinDays: $withinDays, first: $first) {
      id
      name
      grade
      poolDaysLeft
      lastFollowUpAt
    }
  }
`);
