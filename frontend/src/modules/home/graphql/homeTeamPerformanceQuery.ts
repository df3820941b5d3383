import { graphql } from "../../../generated";

/** This month: won against target, the weighted pipeline, and each rep's results against their own target. */
export const HOME_TEAM_PERFORMANCE_QUERY = graphql(`
  query HomeTeamPerformance($from: Date!, $to: Date!) {
    salesForecast(period: MONTH) {
      ...SalesForecastFields
      openCount
    }
    salesPerformance(by: REP, from: $from, to: $to) {
      key
      id
      wonAmount
      won
      open
      winRate
      target
      attainment
    }
  }
`);
