import { useQuery } from "urql";

import { ADMIN_PERMISSION_MATRIX_QUERY } from "../graphql/adminPermissionMatrixQuery";

export const useAdminPermissionMatrixQuery = () => useQuery({ query: ADMIN_PERMISSION_MATRIX_QUERY });
