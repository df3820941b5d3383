import { useQuery } from "urql";

import { SALES_FORCE_QUERY } from "../graphql/salesForceQuery";

/** The sales users the viewer may hand work to; paused when the viewer may not ask. */
export const useSalesForceQuery = (pause = false) => useQuery({ query: SALES_FORCE_QUERY, pause });
