/** The domain events a webhook endpoint can subscribe to, grouped by what they are about (the server's
 * `rapport.core.domain_events.EVENT_TYPES`; tests/integrations/test_event_labels.py holds the two equal). */
export const WEBHOOK_EVENT_GROUPS = [
  { entity: "customer", events: ["customer.created", "customer.updated", "customer.merged", "customer.churn_risk_high"] },
  { entity: "order", events: ["order.created"] },
  { entity: "lead", events: ["lead.created"] },
  { entity: "opportunity", events: ["opportunity.stage_changed", "opportunity.won", "opportunity.lost"] },
  { entity: "ticket", events: ["ticket.created", "ticket.changed"] },
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_GROUPS)[number]["events"][number];

export const WEBHOOK_EVENT_TYPES: readonly string[] = WEBHOOK_EVENT_GROUPS.flatMap((group) => [...group.events]);
