import { graphql } from "../../../generated";

/** The dashboard's "forecast with range" widget: the expected won amount of a period with its P10–P90 range. */
export const DASHBOARD_WIN_FORECAST_QUERY = graphql(`
  query DashboardWinForecast($from: Date!, $to: Date!) {
    winForecast(from: $from, to: $to) {
      start
      end
      deals
      scored
      smallData
      expected
      low
      high
    }
  }
`);
