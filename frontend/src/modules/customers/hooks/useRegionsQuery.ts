import { useState } from "react";
import { useQuery } from "urql";

import { REGIONS_QUERY } from "../graphql/regionsQuery";

/**
 * The standard region list, asked for the first time a picker or filter opens (`want`), then from the cache:
 * it does not change while the app runs, and pages that never open a picker never ask.
 */
export const useRegionsQuery = () => {
  const [wanted, setWanted] = useState(false);
  const [{ data }] = useQuery({ query: REGIONS_QUERY, requestPolicy: "cache-first", pause: !wanted });
  return { regions: data?.regions, want: () => setWanted(true) };
};
