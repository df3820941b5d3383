import { useQuery } from "urql";

import { ADMIN_USERS_QUERY } from "../graphql/adminUsersQuery";

/** A page of users; refetched after a user is created or changed. */
export const useAdminUsersQuery = (variables: { first: number; after: string | null }) =>
  useQuery({ query: ADMIN_USERS_QUERY, variables });
