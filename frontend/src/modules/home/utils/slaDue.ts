/** The SLA clock of a ticket as the API sends it. */
export type SlaTicket = {
  firstRespondedAt: string | null;
  sla: {
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    firstResponseBreached: boolean;
    resolutionBreached: boolean;
    paused: boolean;
  };
};

/** The next SLA deadline: the first response until one is given, then the resolution. */
export type SlaDue = {
  kind: "firstResponse" | "resolution";
  dueAt: string;
  /** Milliseconds left (negative: overdue by that much). */
  remainingMs: number;
  overdue: boolean;
  paused: boolean;
};

export const nextSlaDue = (ticket: SlaTicket, now: number): SlaDue | null => {
  const { sla } = ticket;
  const awaitingResponse = !ticket.firstRespondedAt && sla.firstResponseDueAt !== null;
  const kind = awaitingResponse ? "firstResponse" : "resolution";
  const dueAt = awaitingResponse ? sla.firstResponseDueAt : sla.resolutionDueAt;
  if (!dueAt) return null;
  const remainingMs = new Date(dueAt).getTime() - now;
  const breached = kind === "firstResponse" ? sla.firstResponseBreached : sla.resolutionBreached;
  return { kind, dueAt, remainingMs, overdue: breached || remainingMs < 0, paused: sla.paused };
};

/** Whole days, hours and minutes of a duration (its absolute value), rounded down to the minute. */
export const durationParts = (ms: number): { days: number; hours: number; minutes: number } => {
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
};

/** Soonest deadline first; tickets without one last. */
export const bySlaUrgency = (now: number) => (a: SlaTicket, b: SlaTicket): number => {
  const left = nextSlaDue(a, now)?.remainingMs ?? Number.POSITIVE_INFINITY;
  const right = nextSlaDue(b, now)?.remainingMs ?? Number.POSITIVE_INFINITY;
  return left - right;
};
