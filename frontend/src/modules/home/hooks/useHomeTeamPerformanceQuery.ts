import { useQuery } from "urql";

import { HOME_TEAM_PERFORMANCE_QUERY } from "../graphql/homeTeamPerformanceQuery";

export const useHomeTeamPerformanceQuery = () => useQuery({ query: HOME_TEAM_PERFORMANCE_QUERY });
