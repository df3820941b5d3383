import { useQuery } from "urql";

import { ADMIN_TEAMS_QUERY } from "../graphql/adminTeamsQuery";

export const useAdminTeamsQuery = () => useQuery({ query: ADMIN_TEAMS_QUERY });
