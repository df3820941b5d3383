import { useQuery } from "urql";

import { ADMIN_SERVICE_RULES_QUERY } from "../graphql/adminServiceRulesQuery";

export const useAdminServiceRulesQuery = () => useQuery({ query: ADMIN_SERVICE_RULES_QUERY });
