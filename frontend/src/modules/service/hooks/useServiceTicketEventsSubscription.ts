import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";

import type { TicketEventFilter } from "../../../generated/graphql";
import { TicketEventsTransportContext } from "../contexts/TicketEventsTransportContext";
import {
  createGraphqlWsTicketEventsTransport,
  type TicketEvent,
  type TicketEventsTransport,
} from "../realtime/ticketEventsTransport";
import type { TicketFieldVariables } from "../utils/ticketFieldVariables";

/**
 * connecting: the first connection is being opened; connected: events flow; reconnecting: the socket went down
 * and the stream is being resumed; failed: the server refused the stream (retrying cannot help).
 */
export type LiveConnection = "connecting" | "connected" | "reconnecting" | "failed";

type TicketEventsOptions = {
  filter?: TicketEventFilter | null;
  fields: TicketFieldVariables;
  onEvent: (event: TicketEvent) => void;
  /**
   * Called after a reconnect that could not resume from a cursor (no event was seen yet): whatever happened
   * while the socket was down is unknown, so the caller reloads its data.
   */
  onResync?: () => void;
  pause?: boolean;
};

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

let defaultTransport: TicketEventsTransport | null = null;

/**
 * Follows `ticketEvents` with the filter: each event once, in order. When the socket goes down it reconnects
 * with backoff and resubscribes with `after` = the last cursor seen, so the server first replays what was
 * missed. `connection` drives the reconnect banner.
 */
export const useServiceTicketEventsSubscription = ({ filter = null, fields, onEvent, onResync, pause = false }: TicketEventsOptions) => {
  const injected = useContext(TicketEventsTransportContext);
  const transport = injected ?? (defaultTransport ??= createGraphqlWsTicketEventsTransport());
  const [restart, setRestart] = useState(0);
  const lastCursor = useRef<string | null>(null);
  const onEventRef = useRef(onEvent);
  const onResyncRef = useRef(onResync);
  useEffect(() => {
    onEventRef.current = onEvent;
    onResyncRef.current = onResync;
  });

  const filterKey = JSON.stringify(filter);
  const fieldsKey = JSON.stringify(fields);
  /** One run of the stream: new variables, or a retry after a refusal, start another. */
  const run = useMemo(
    () => ({
      variables: { filter: JSON.parse(filterKey) as TicketEventFilter | null, ...(JSON.parse(fieldsKey) as TicketFieldVariables) },
      restart,
    }),
    [filterKey, fieldsKey, restart],
  );
  const [state, setState] = useState<{ run: typeof run | null; connection: LiveConnection }>({ run: null, connection: "connecting" });
  const connection: LiveConnection = state.run === run ? state.connection : run.restart > 0 ? "reconnecting" : "connecting";

  useEffect(() => {
    if (pause) return undefined;
    let stop: (() => void) | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let disposed = false;
    let failures = 0;
    let wasConnected = false;
    const report = (value: LiveConnection) => setState({ run, connection: value });

    const start = () => {
      retryTimer = null;
      const resumeFrom = lastCursor.current;
      stop = transport(
        { ...run.variables, after: resumeFrom },
        {
          connected: () => {
            if (disposed) return;
            failures = 0;
            report("connected");
            if (wasConnected && resumeFrom === null) onResyncRef.current?.();
            wasConnected = true;
          },
          event: (event) => {
            if (disposed) return;
            // Cursors are opaque; the server sends each event after `after` exactly once, in commit order.
            lastCursor.current = event.cursor;
            onEventRef.current(event);
          },
          lost: ({ fatal }) => {
            if (disposed) return;
            stop = null;
            if (fatal) {
              report("failed");
              return;
            }
            report("reconnecting");
            wasConnected = true;
            const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length - 1)] ?? 15000;
            failures += 1;
            retryTimer = setTimeout(start, delay);
          },
        },
      );
    };

    start();
    return () => {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      stop?.();
    };
  }, [transport, run, pause]);

  /** Tries again after a refused stream. */
  const retry = useCallback(() => setRestart((count) => count + 1), []);

  return { connection, retry };
};
