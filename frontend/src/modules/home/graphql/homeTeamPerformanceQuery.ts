import { graphql } from "../../../generated";

/** This month: won against target, the weighted pipeline, and each rep's results. */
export const HOME_TEAM_PERFORMANCE_QUERY = graphql(`
  query HomeTeamPerformance {
    salesForecast(period: MONTH) {
      periodStart
      wonAmount
      target
      attainment
      projectedAttainment
      weightedByProbability
      weightedByHistory
      openCount
    }
    salesPerformance(by: REP) {
      key
      id
      wonAmount
      won
      open
      winRate
    }
  }
`);
