import type { SubscriptionForwarder } from "@urql/core";
import type { Client as WebSocketClient } from "graphql-ws";

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

  return (request) => ({
    subscribe: (sink) => {
      let unsubscribe: (() => void) | null = null;
      let closed = false;
      getWebSocketClient().then(
        (client) => {
          if (closed) return;
          unsubscribe = client.subscribe({ ...request, query: request.query ?? "" }, sink);
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
