import type { Channel, Priority, TicketStatus } from "../../../generated/graphql";

export const TICKET_STATUSES: readonly TicketStatus[] = [
  "NEW",
  "ASSIGNED",
  "IN_PROGRESS",
  "WAITING",
  "RESOLVED",
  "CLOSED",
  "REOPENED",
];

/** Statuses the server counts as open (`openOnly`). */
export const OPEN_TICKET_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>([
  "NEW",
  "ASSIGNED",
  "IN_PROGRESS",
  "WAITING",
  "REOPENED",
]);

export const PRIORITIES: readonly Priority[] = ["LOW", "NORMAL", "HIGH", "URGENT"];

export const CHANNELS: readonly Channel[] = ["PHONE", "EMAIL", "WEB", "PORTAL", "WECHAT", "API"];

/** Categories the demo routing rules know; tickets may carry others, shown as the server names them. */
export const KNOWN_CATEGORIES = ["hardware", "software", "network", "billing", "account", "complaint", "other"] as const;

export type KnownCategory = (typeof KNOWN_CATEGORIES)[number];

export const isKnownCategory = (value: string): value is KnownCategory =>
  (KNOWN_CATEGORIES as readonly string[]).includes(value);

/** The workflow's transitions (backend/rapport/support/workflow.py ALLOWED), per action. */
const ALLOWED_FROM = {
  assign: ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING", "REOPENED"],
  start: ["ASSIGNED", "WAITING"],
  wait: ["IN_PROGRESS"],
  resolve: ["ASSIGNED", "IN_PROGRESS", "WAITING"],
  rate: ["RESOLVED"],
  reopen: ["RESOLVED", "CLOSED"],
  escalate: ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING", "REOPENED"],
  comment: ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING", "RESOLVED", "REOPENED"],
} as const satisfies Record<string, readonly TicketStatus[]>;

export type TicketAction = keyof typeof ALLOWED_FROM;

/** Whether the ticket's status allows the action (the server checks again). */
export const statusAllows = (action: TicketAction, status: TicketStatus): boolean =>
  (ALLOWED_FROM[action] as readonly TicketStatus[]).includes(status);
