import { stringifyDocument } from "@urql/core";
import { createClient } from "graphql-ws";

import type {
  ServiceTicketEventsSubscription,
  ServiceTicketEventsSubscriptionVariables,
} from "../../../generated/graphql";
import { graphqlWebSocketUrl } from "../../graphql/client/graphqlWebSocketUrl";
import { SERVICE_TICKET_EVENTS_SUBSCRIPTION } from "../graphql/serviceTicketEventsSubscription";

export type TicketEvent = ServiceTicketEventsSubscription["ticketEvents"];

/** What one subscription attempt reports, each callback in this order and `lost` at most once. */
export type TicketEventsListener = {
  /** The socket is open and acknowledged. */
  connected: () => void;
  event: (event: TicketEvent) => void;
  /** The stream ended: the socket closed or failed, or the server ended or refused the subscription. */
  lost: (failure: { fatal: boolean }) => void;
};

/**
 * Opens one `ticketEvents` subscription on its own socket; the returned function closes both. The console
 * resubscribes itself (with `after` = the last cursor), so an attempt never reconnects on its own: graphql-ws
 * would resend the first variables, and with them lose or repeat what happened while the socket was down.
 */
export type TicketEventsTransport = (
  variables: ServiceTicketEventsSubscriptionVariables,
  listener: TicketEventsListener,
) => () => void;

/** Close codes after which retrying cannot help: bad request, unauthenticated, forbidden. */
const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403]);

const closeCodeOf = (reason: unknown): number | null =>
  typeof reason === "object" && reason !== null && "code" in reason && typeof reason.code === "number" ? reason.code : null;

/** The browser transport: graphql-transport-ws on this origin's /graphql, authenticated by the session cookie. */
export const createGraphqlWsTicketEventsTransport =
  (url: string = graphqlWebSocketUrl(window.location)): TicketEventsTransport =>
  (variables, listener) => {
    let finished = false;
    const lose = (fatal: boolean) => {
      if (finished) return;
      finished = true;
      listener.lost({ fatal });
    };
    const client = createClient({
      url,
      lazy: true,
      retryAttempts: 0,
      // The page's language (LocaleProvider keeps it on <html lang>), for the server's text.
      connectionParams: () => ({ locale: document.documentElement.lang }),
      keepAlive: 20_000,
      on: {
        connected: () => {
          if (!finished) listener.connected();
        },
        closed: (event) => {
          const code = closeCodeOf(event);
          lose(code !== null && FATAL_CLOSE_CODES.has(code));
        },
      },
    });
    const unsubscribe = client.subscribe<ServiceTicketEventsSubscription>(
      { query: stringifyDocument(SERVICE_TICKET_EVENTS_SUBSCRIPTION), variables },
      {
        next: (result) => {
          const event = result.data?.ticketEvents;
          if (event && !finished) listener.event(event);
        },
        // A CloseEvent after a socket failure, or the GraphQL errors of a refused subscription.
        error: (error) => lose(Array.isArray(error) || FATAL_CLOSE_CODES.has(closeCodeOf(error) ?? 0)),
        complete: () => lose(false),
      },
    );
    return () => {
      finished = true;
      unsubscribe();
      void client.dispose();
    };
  };
