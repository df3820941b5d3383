import { useQuery } from "urql";

import type { Customer360MergePreviewQueryVariables } from "../../../generated/graphql";
import { CUSTOMER_360_MERGE_PREVIEW_QUERY } from "../graphql/customer360MergePreviewQuery";

/** Always fresh: a preview of a merge must not show yesterday's counts. */
export const useCustomer360MergePreviewQuery = (variables: Customer360MergePreviewQueryVariables, pause = false) =>
  useQuery({ query: CUSTOMER_360_MERGE_PREVIEW_QUERY, variables, pause, requestPolicy: "network-only" });
