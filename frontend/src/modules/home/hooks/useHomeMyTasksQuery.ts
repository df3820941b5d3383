import { useQuery } from "urql";

import type { HomeMyTasksQueryVariables } from "../../../generated/graphql";
import { HOME_MY_TASKS_QUERY } from "../graphql/homeMyTasksQuery";

export const useHomeMyTasksQuery = (variables: HomeMyTasksQueryVariables) => useQuery({ query: HOME_MY_TASKS_QUERY, variables });
