import { useQuery } from "urql";

import { PORTAL_KB_ARTICLE_QUERY } from "../graphql/portalKbArticleQuery";

export const usePortalKbArticleQuery = (id: string) => useQuery({ query: PORTAL_KB_ARTICLE_QUERY, variables: { id } });
