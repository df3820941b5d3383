import type { TFunction } from "i18next";

import type { TicketEventKind, TicketStatus } from "../../../generated/graphql";
import { TICKET_STATUSES } from "./ticketStatuses";

type HistoryEntry = { kind: TicketEventKind; data: unknown };

const field = (data: unknown, name: string): unknown =>
  typeof data === "object" && data !== null && name in data ? (data as Record<string, unknown>)[name] : undefined;

/** History data names statuses as the database does ("in_progress"). */
const statusOf = (value: unknown): TicketStatus | null => {
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  return (TICKET_STATUSES as readonly string[]).includes(upper) ? (upper as TicketStatus) : null;
};

/** One history entry in words, from its kind and data. */
export const historyText = (entry: HistoryEntry, t: TFunction<"service">): string => {
  const { data } = entry;
  switch (entry.kind) {
    case "CREATED":
      return t("history.CREATED");
    case "ASSIGNED":
      return field(data, "by") === "routing" ? t("history.assignedByRouting") : t("history.ASSIGNED");
    case "STATUS_CHANGED": {
      const from = statusOf(field(data, "from"));
      const to = statusOf(field(data, "to"));
      return t("history.STATUS_CHANGED", {
        from: from ? t(`status.${from}`) : "—",
        to: to ? t(`status.${to}`) : "—",
      });
    }
    case "COMMENTED":
      if (field(data, "fromCustomer") === true) return t("history.customerReplied");
      return field(data, "public") === false ? t("history.noteAdded") : t("history.COMMENTED");
    case "SLA_WARNING":
    case "SLA_BREACHED": {
      const target = field(data, "target") === "first_response" ? t("sla.firstResponse") : t("sla.resolution");
      return t(`history.${entry.kind}`, { target });
    }
    case "ESCALATED": {
      const level = field(data, "level");
      const reason = field(data, "reason");
      return t("history.ESCALATED", {
        level: typeof level === "number" ? level : 1,
        reason: typeof reason === "string" ? reason : "",
      });
    }
    case "RATED": {
      const rating = field(data, "rating");
      return t("history.RATED", { rating: typeof rating === "number" ? rating : "—" });
    }
  }
};
