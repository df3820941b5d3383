/** Stage keys the app translates (migration 0005 seeds them); other stages show their server name. */
export const KNOWN_STAGE_KEYS = ["needs_analysis", "quote", "contract", "payment", "won", "lost"] as const;

export type KnownStageKey = (typeof KNOWN_STAGE_KEYS)[number];

export const isKnownStageKey = (key: string): key is KnownStageKey =>
  (KNOWN_STAGE_KEYS as readonly string[]).includes(key);
