import type { Channel, Grade, RfmSegment, TicketStatus } from "../../../generated/graphql";

const SEGMENTS: readonly RfmSegment[] = ["HIGH_VALUE", "NEW", "LOYAL", "AT_RISK", "DORMANT", "POTENTIAL", "NONE"];
const GRADES: readonly Grade[] = ["A", "B", "C", "D"];
const TICKET_STATUSES: readonly TicketStatus[] = ["NEW", "ASSIGNED", "IN_PROGRESS", "WAITING", "RESOLVED", "CLOSED", "REOPENED"];
const CHANNELS: readonly Channel[] = ["PHONE", "EMAIL", "WEB", "PORTAL", "WECHAT", "API"];

const asEnum =
  <T extends string>(values: readonly T[]) =>
  (key: string | null | undefined): T | null => {
    const upper = key?.toUpperCase();
    return values.find((value) => value === upper) ?? null;
  };

// Aggregates group by the stored value ("high_value", "in_progress"); filters and labels use the enum's name.
export const segmentOf = asEnum(SEGMENTS);
export const gradeOf = asEnum(GRADES);
export const ticketStatusOf = asEnum(TICKET_STATUSES);
export const channelOf = asEnum(CHANNELS);

/** Ticket categories the demo desk uses; others show as the server sends them. */
const CATEGORIES = ["hardware", "billing", "account", "network", "general", "complaint", "other"] as const;
export type CategoryKey = (typeof CATEGORIES)[number];
export const categoryOf = (key: string | null | undefined): CategoryKey | null =>
  CATEGORIES.find((category) => category === key) ?? null;
