import { useQuery } from "urql";

import type { DashboardWinForecastQueryVariables } from "../../../generated/graphql";
import { DASHBOARD_WIN_FORECAST_QUERY } from "../graphql/dashboardWinForecastQuery";

export const useDashboardWinForecastQuery = (variables: DashboardWinForecastQueryVariables) =>
  useQuery({ query: DASHBOARD_WIN_FORECAST_QUERY, variables });
