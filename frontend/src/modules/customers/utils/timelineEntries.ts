import type { Customer360TimelineQuery } from "../../../generated/graphql";

export type TimelineEdge = NonNullable<Customer360TimelineQuery["customer"]>["timeline"]["edges"][number];
export type TimelineNode = TimelineEdge["node"];

/** The same entry has the same key on every page and when it was added locally. */
export const timelineEntryKey = (edge: TimelineEdge): string => {
  const node = edge.node;
  if ((node["__typename"] === "Activity" || node["__typename"] === "Order" || node["__typename"] === "Ticket") && node.id) {
    return `${node["__typename"]}:${node.id}`;
  }
  return edge.cursor;
};

/** `first` then the entries of `second` not already in `first`. */
export const mergeTimelineEdges = (first: readonly TimelineEdge[], second: readonly TimelineEdge[]): TimelineEdge[] => {
  const seen = new Set(first.map(timelineEntryKey));
  return [...first, ...second.filter((edge) => !seen.has(timelineEntryKey(edge)))];
};

/** True when the entry carries data the viewer may read (kinds left out by `@include` arrive as bare typenames). */
export const isReadableTimelineEntry = (node: TimelineNode): boolean => {
  switch (node["__typename"]) {
    case "Activity":
      return Boolean(node.id && node.occurredAt);
    case "Order":
      return Boolean(node.id && node.orderedAt);
    case "Ticket":
      return Boolean(node.id && node.createdAt);
    case "StageChangeEntry":
      return Boolean(node.at);
    case "PoolMovementEntry":
      return Boolean(node.at && node.movementKind);
  }
};

/** When the entry happened. */
export const timelineEntryTime = (node: TimelineNode): string | undefined => {
  switch (node["__typename"]) {
    case "Activity":
      return node.occurredAt;
    case "Order":
      return node.orderedAt;
    case "Ticket":
      return node.createdAt;
    case "StageChangeEntry":
    case "PoolMovementEntry":
      return node.at;
  }
};
