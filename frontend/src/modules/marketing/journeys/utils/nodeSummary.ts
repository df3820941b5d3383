import type { JourneyNodeType, NodeConfig } from "./journeyGraph";

const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/** One line about a node's config for the canvas (values as entered, no translation needed). */
export const nodeSummary = (kind: JourneyNodeType, config: NodeConfig): string => {
  switch (kind) {
    case "trigger":
      return [text(config.kind), text(config.pattern ?? config.event ?? config.field ?? config.segmentId)]
        .filter(Boolean)
        .join(": ");
    case "wait":
      return ["days", "hours", "minutes", "until"]
        .filter((key) => config[key] !== undefined && config[key] !== "")
        .map((key) => `${key} ${text(config[key])}`)
        .join(", ");
    case "condition":
      return [text(config.kind), text(config.hours ?? config.tag ?? config.event)].filter(Boolean).join(" ");
    case "send":
      return text(config.channel);
    case "task":
      return text(config.title);
    case "tag_add":
    case "tag_remove":
      return Array.isArray(config.tags) ? config.tags.map(text).join(", ") : "";
    case "webhook":
      return text(config.url);
    case "audience":
      return [text(config.mode), text(config.audience)].filter(Boolean).join(": ");
  }
};
