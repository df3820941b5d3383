import { useQuery } from "urql";

import { ADMIN_ROLES_QUERY } from "../graphql/adminRolesQuery";

export const useAdminRolesQuery = () => useQuery({ query: ADMIN_ROLES_QUERY });
