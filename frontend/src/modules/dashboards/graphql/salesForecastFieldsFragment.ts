import { graphql } from "../../../generated";

/** A period's forecast against its target, as the dashboards and the home page chart it. */
export const SALES_FORECAST_FIELDS_FRAGMENT = graphql(`
  fragment SalesForecastFields on SalesForecast {
    periodStart
    wonAmount
    weightedByProbability
    weightedByHistory
    target
    attainment
    projectedAttainment
  }
`);
