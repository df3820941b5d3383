import type { TicketStatus } from "../../../generated/graphql";

export type SlaTarget = "firstResponse" | "resolution";

/** ok: within target; warning: past the 80% warn time; breached: past due; paused: waiting on the customer. */
export type SlaTone = "ok" | "warning" | "breached" | "paused";

/** One SLA target of a ticket, as TicketSla describes it. */
export type SlaClock = {
  target: SlaTarget;
  dueAt: string | null;
  warnAt: string | null;
  breached: boolean;
  paused: boolean;
};

type TicketSlaFields = {
  firstResponseDueAt: string | null;
  firstResponseWarnAt: string | null;
  resolutionDueAt: string | null;
  resolutionWarnAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  paused: boolean;
};

export type TicketWithSla = {
  status: TicketStatus;
  firstRespondedAt?: string | null;
  sla?: TicketSlaFields;
};

export const slaClockOf = (sla: TicketSlaFields, target: SlaTarget): SlaClock =>
  target === "firstResponse"
    ? {
        target,
        dueAt: sla.firstResponseDueAt,
        warnAt: sla.firstResponseWarnAt,
        breached: sla.firstResponseBreached,
        paused: sla.paused,
      }
    : { target, dueAt: sla.resolutionDueAt, warnAt: sla.resolutionWarnAt, breached: sla.resolutionBreached, paused: sla.paused };

/**
 * The target a ticket is racing now: the first response until someone answered publicly, then resolution.
 * Null for resolved and closed tickets (nothing runs) and when the viewer may not read the SLA.
 */
export const runningSlaClock = (ticket: TicketWithSla): SlaClock | null => {
  if (!ticket.sla || ticket.status === "RESOLVED" || ticket.status === "CLOSED") return null;
  if (!ticket.firstRespondedAt && ticket.sla.firstResponseDueAt) return slaClockOf(ticket.sla, "firstResponse");
  return ticket.sla.resolutionDueAt ? slaClockOf(ticket.sla, "resolution") : null;
};

export type SlaReading = {
  tone: SlaTone;
  /** Until due (negative: overdue); null without a due time. */
  remainingMs: number | null;
};

/** Where a clock stands at `nowMs`. */
export const readSlaClock = (clock: SlaClock, nowMs: number): SlaReading => {
  const due = clock.dueAt ? Date.parse(clock.dueAt) : null;
  const remainingMs = due === null ? null : due - nowMs;
  if (clock.paused) return { tone: "paused", remainingMs };
  if (clock.breached || (remainingMs !== null && remainingMs <= 0)) return { tone: "breached", remainingMs };
  const warn = clock.warnAt ? Date.parse(clock.warnAt) : null;
  if (warn !== null && nowMs >= warn) return { tone: "warning", remainingMs };
  return { tone: "ok", remainingMs };
};

/** Soonest deadline first (overdue ones before all), tickets with no clock running last. */
export const bySlaUrgency =
  (nowMs: number) =>
  (a: TicketWithSla, b: TicketWithSla): number =>
    remainingOf(a, nowMs) - remainingOf(b, nowMs);

const remainingOf = (ticket: TicketWithSla, nowMs: number): number => {
  const clock = runningSlaClock(ticket);
  return (clock && readSlaClock(clock, nowMs).remainingMs) ?? Number.POSITIVE_INFINITY;
};

export type DurationParts = { days: number; clock: string };

/** |ms| as days and hh:mm:ss. */
export const durationParts = (ms: number): DurationParts => {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (value: number) => String(value).padStart(2, "0");
  return { days, clock: `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` };
};
