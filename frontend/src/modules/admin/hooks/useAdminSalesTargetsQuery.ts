import { useQuery } from "urql";

import { ADMIN_SALES_TARGETS_QUERY } from "../graphql/adminSalesTargetsQuery";

export const useAdminSalesTargetsQuery = (year: number) =>
  useQuery({ query: ADMIN_SALES_TARGETS_QUERY, variables: { year } });
