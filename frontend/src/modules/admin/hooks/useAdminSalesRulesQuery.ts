import { useQuery } from "urql";

import { ADMIN_SALES_RULES_QUERY } from "../graphql/adminSalesRulesQuery";

export const useAdminSalesRulesQuery = () => useQuery({ query: ADMIN_SALES_RULES_QUERY });
