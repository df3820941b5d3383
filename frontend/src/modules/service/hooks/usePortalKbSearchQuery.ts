import { PORTAL_KB_SEARCH_QUERY } from "../graphql/portalKbSearchQuery";
import { useKbSearchQuery } from "./useKbSearchQuery";

export { KB_PAGE_SIZE } from "./useKbSearchQuery";

/** The portal's knowledge-base search: published articles, newest first for an empty query. */
export const usePortalKbSearchQuery = (query: string) => useKbSearchQuery(PORTAL_KB_SEARCH_QUERY, query);
