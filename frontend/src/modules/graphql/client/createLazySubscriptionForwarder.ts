import type { SubscriptionForwarder } from "@urql/core";
import type { Client as WebSocketClient } from "graphql-ws";

import { documentHash } from "./documentHash";

export type LazySubscriptionOptions = {
  /** ws(s) URL of the graphql-transport-ws endpoint. */
  url: string;
  /** WebSocket constructor override (tests); the browser's WebSocket otherwise. */
  webSocketImpl?: unknown;
  /** The UI language, sent in `connection_init` (a browser cannot set a socket's headers) for the server's text. */
  locale?: () => string;
};

/**
 * Forwards urql subscriptions to a graphql-ws client that is created, and its code loaded, on the first
 * subscription: pages without subscriptions never download graphql-ws nor open a socket.
 */
export const createLazySubscriptionForwarder = ({
  url,
  webSocketImpl,
  locale,
}: LazySubscriptionOptions): SubscriptionForwarder => {
  let webSocketClient: Promise<WebSocketClient> | null = null;

  const getWebSocketClient = (): Promise<WebSocketClient> => {
    webSocketClient ??= import("graphql-ws").then(({ createClient }) =>
      createClient({
        url,
        webSocketImpl,
        lazy: true,
        retryAttempts: 5,
        connectionParams: () => (locale ? { locale: locale() } : {}),
      }),
    );
    return webSocketClient;
  };

  return (request, operation) => ({
    subscribe: (sink) => {
      let unsubscribe: (() => void) | null = null;
      let closed = false;
      // The trusted document's hash goes along: the server runs its manifest's text for it.
      const hash = documentHash(operation.query);
      const extensions = hash
        ? { ...request.extensions, persistedQuery: { version: 1, sha256Hash: hash } }
        : request.extensions;
      getWebSocketClient().then(
        (client) => {
          if (closed) return;
          unsubscribe = client.subscribe({ ...request, extensions, query: request.query ?? "" }, sink);
        },
        (error: unknown) => sink.error(error),
      );
      return {
        unsubscribe: () => {
          closed = true;
          unsubscribe?.();
        },
      };
    },
  });
};
