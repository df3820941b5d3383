import { graphql } from "../../../generated";

/** The sales panels; each root field only for viewers who may read its panel. */
export const DASHBOARD_SALES_QUERY = graphql(`
  query DashboardSales(
    $from: Date!
    $to: Date!
    $monthStart: Date!
    $quarterStart: Date!
    $withFunnel: Boolean!
    $withRevenueByRegion: Boolean!
    $withRevenueByMonth: Boolean!
    $withRevenueByRep: Boolean!
    $withForecast: Boolean!
  ) {
    funnel: salesFunnel(from: $from, to: $to) @include(if: $withFunnel) {
      stageKey
      stageName
      reached
      amount
      toNext
    }
    revenueByRegion: salesPerformance(by: REGION, from: $from, to: $to) @include(if: $withRevenueByRegion) {
      key
      wonAmount
      won
    }
    revenueByMonth: salesPerformance(by: MONTH, from: $from, to: $to) @include(if: $withRevenueByMonth) {
      key
      wonAmount
      won
    }
    revenueByRep: salesPerformance(by: REP, from: $from, to: $to) @include(if: $withRevenueByRep) {
      key
      id
      wonAmount
      won
      target
      attainment
    }
    forecastMonth: salesForecast(period: MONTH, periodStart: $monthStart) @include(if: $withForecast) {
      ...SalesForecastFields
    }
    forecastQuarter: salesForecast(period: QUARTER, periodStart: $quarterStart) @include(if: $withForecast) {
      ...SalesForecastFields
    }
  }
`);
