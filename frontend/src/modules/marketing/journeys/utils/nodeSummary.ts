import type { TFunction } from "i18next";

import type { JourneyNodeType, NodeConfig } from "./journeyGraph";

const text = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "");

/** Translates `key` (a `marketingFlows` key), falling back to the raw value for what the panel does not offer. */
type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A config value offered as a choice in the panel, by its label ("order.placed" → 下单); other values as entered. */
export const choiceLabel = (t: Translate, group: string, value: unknown): string => {
  const raw = text(value);
  return raw ? t(`config.${group}.${raw.replace(/\./g, "_")}`, { defaultValue: raw }) : "";
};

/** One line about a node's config for the canvas, in the reader's language (free text as entered). */
export const nodeSummary = (kind: JourneyNodeType, config: NodeConfig, tf: TFunction<"marketingFlows">): string => {
  const t = tf as unknown as Translate;
  switch (kind) {
    case "trigger": {
      const what =
        config.kind === "event"
          ? choiceLabel(t, "eventName", config.event)
          : config.kind === "date"
            ? choiceLabel(t, "dateField", config.field)
            : text(config.pattern ?? config.segmentId);
      return [choiceLabel(t, "triggerKind", config.kind), what].filter(Boolean).join("：");
    }
    case "wait":
      return [
        ...(["days", "hours", "minutes"] as const)
          .filter((key) => typeof config[key] === "number")
          .map((key) => t(`summary.${key}`, { count: config[key] })),
        ...(text(config.until) ? [t("summary.until", { time: text(config.until) })] : []),
      ].join("，");
    case "condition": {
      const detail =
        config.kind === "has_tag"
          ? text(config.tag)
          : config.kind === "engaged"
            ? choiceLabel(t, "engagedEventName", config.event)
            : typeof config.hours === "number"
              ? t("summary.within", { hours: config.hours })
              : "";
      return [choiceLabel(t, "conditionKind", config.kind), detail].filter(Boolean).join(" ");
    }
    case "send":
      return choiceLabel(t, "channelName", config.channel);
    case "task":
      return text(config.title);
    case "tag_add":
    case "tag_remove":
      return Array.isArray(config.tags) ? config.tags.map(text).join(", ") : "";
    case "webhook":
      return text(config.url);
    case "audience":
      return [config.mode === "webhook" ? t("config.modeWebhook") : config.mode === "file" ? t("config.modeFile") : "", text(config.audience)]
        .filter(Boolean)
        .join("：");
  }
};
