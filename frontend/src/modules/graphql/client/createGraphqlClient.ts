import { Client, cacheExchange, fetchExchange, subscriptionExchange, type Exchange } from "@urql/core";
import { persistedExchange } from "@urql/exchange-persisted";

import { createLazySubscriptionForwarder } from "./createLazySubscriptionForwarder";
import { documentHash } from "./documentHash";
import { graphqlWebSocketUrl } from "./graphqlWebSocketUrl";

export type GraphqlClientOptions = {
  /** HTTP endpoint; same origin, so the session cookie goes along. */
  url?: string;
  /** graphql-transport-ws endpoint; defaults to ws(s)://<this host>/graphql. */
  webSocketUrl?: string;
  fetch?: typeof fetch;
  webSocketImpl?: unknown;
  /** The UI language, sent as Accept-Language (and as `locale` when a socket opens) so the server's text matches it. */
  acceptLanguage?: () => string;
};

/**
 * The app's urql client: queries and mutations over HTTP POST, sent by their trusted-document hash;
 * subscriptions over a lazily opened WebSocket.
 */
export const createGraphqlClient = ({
  url = "/graphql",
  webSocketUrl = graphqlWebSocketUrl(window.location),
  fetch,
  webSocketImpl,
  acceptLanguage,
}: GraphqlClientOptions = {}): Client => {
  const exchanges: Exchange[] = [
    cacheExchange,
    subscriptionExchange({
      forwardSubscription: createLazySubscriptionForwarder({ url: webSocketUrl, webSocketImpl, locale: acceptLanguage }),
    }),
    // Trusted documents: queries and mutations go by their manifest hash, with the full document sent again
    // only when the server answers PersistedQueryNotFound (a server built with another manifest).
    persistedExchange({
      generateHash: async (_query, document) => documentHash(document) ?? "",
      enableForMutation: true,
      preferGetForPersistedQueries: false,
    }),
    fetchExchange,
  ];
  return new Client({
    url,
    fetch,
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = acceptLanguage ? { "Accept-Language": acceptLanguage() } : {};
      return { credentials: "same-origin", headers };
    },
    // The API takes POST only.
    preferGetMethod: false,
    exchanges,
  });
};
