import { createContext } from "react";

import type { TicketEventsTransport } from "../realtime/ticketEventsTransport";

/** How live ticket events arrive; null: the real WebSocket (tests provide a fake). */
export const TicketEventsTransportContext = createContext<TicketEventsTransport | null>(null);
