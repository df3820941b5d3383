import { graphql } from "../../../generated";

/** A rep's month: their own target and won amount (the forecast of a rep is theirs), and their deal counts. */
export const HOME_MY_TARGET_QUERY = graphql(`
  query HomeMyTarget($from: Date!, $to: Date!) {
    salesForecast(period: MONTH) {
      wonAmount
      target
      attainment
    }
    salesPerformance(by: REP, from: $from, to: $to) {
      id
      won
      open
    }
  }
`);
