import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

import { customerListSearchParams, parseCustomerListParams, type CustomerListParams } from "../utils/customerListParams";

/**
 * The customer list's state, read from and written to the URL. Any change but a page move starts again
 * at the first page.
 */
export const useCustomerListParams = () => {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => parseCustomerListParams(searchParams), [searchParams]);

  const update = useCallback(
    (changes: Partial<CustomerListParams>) =>
      setSearchParams((current) => customerListSearchParams({ ...parseCustomerListParams(current), after: null, ...changes })),
    [setSearchParams],
  );

  /** Replaces the whole state with a saved query. */
  const apply = useCallback(
    (query: string) => setSearchParams(customerListSearchParams({ ...parseCustomerListParams(new URLSearchParams(query)), after: null })),
    [setSearchParams],
  );

  /** The list's query without the page cursor: what a saved filter keeps. */
  const query = useMemo(() => customerListSearchParams({ ...params, after: null }).toString(), [params]);

  return { params, update, apply, query };
};
