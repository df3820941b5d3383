import { useCallback, useState } from "react";

import type { TicketListFieldsFragment } from "../../../generated/graphql";

/** The latest state of every ticket live events (or mutations) told about, newest version wins. */
export const useLiveTickets = () => {
  const [live, setLive] = useState<ReadonlyMap<string, TicketListFieldsFragment>>(() => new Map());
  const remember = useCallback((ticket: TicketListFieldsFragment) => {
    setLive((current) => {
      const known = current.get(ticket.id);
      if (known && known.version > ticket.version) return current;
      const next = new Map(current);
      next.set(ticket.id, ticket);
      return next;
    });
  }, []);
  const forget = useCallback(() => setLive(new Map()), []);
  return { live, remember, forget };
};
