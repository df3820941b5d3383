import type { ImportKind } from "../../../generated/graphql";

/** What a file holds, as `POST /imports?kind=` and `ImportBatch.kind` name it. */
export type ImportKindKey = "customers" | "orders" | "tickets";

export const IMPORT_KINDS: readonly ImportKindKey[] = ["customers", "orders", "tickets"];

/** The wizard's steps, in order; a kind leaves out the ones that do not apply to it. */
export const IMPORT_STEPS = ["upload", "sheet", "columns", "values", "duplicates", "preview", "run"] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];

/** The counts of a preview, in the order shown. */
export const IMPORT_COUNTS = ["create", "update", "skip", "conflict", "reject"] as const;
export type ImportCountKey = (typeof IMPORT_COUNTS)[number];

type ImportKindRules = {
  /** Whether a row matching an existing record asks for a duplicate strategy (customers only: the others are
   * created, or updated by their external id). */
  duplicates: boolean;
  /** The counts a preview of this kind can have. */
  counts: readonly ImportCountKey[];
};

export const IMPORT_KIND_RULES: Record<ImportKindKey, ImportKindRules> = {
  customers: { duplicates: true, counts: IMPORT_COUNTS },
  orders: { duplicates: false, counts: ["create", "update", "reject"] },
  tickets: { duplicates: false, counts: ["create", "update", "reject"] },
};

/** A kind as the URL or the server names it; anything else reads as customers. */
export const importKindOf = (value: string | null | undefined): ImportKindKey =>
  (IMPORT_KINDS as readonly (string | null | undefined)[]).includes(value) ? (value as ImportKindKey) : "customers";

/** The wizard's steps for a kind. */
export const importSteps = (kind: ImportKindKey): ImportStep[] =>
  IMPORT_STEPS.filter((step) => step !== "duplicates" || IMPORT_KIND_RULES[kind].duplicates);

/** The step after `step` for a kind (null after the last). */
export const nextStep = (kind: ImportKindKey, step: ImportStep): ImportStep | null => {
  const steps = importSteps(kind);
  return steps[steps.indexOf(step) + 1] ?? null;
};

/** The step before `step` for a kind (null at the first, and once a run has started). */
export const previousStep = (kind: ImportKindKey, step: ImportStep): ImportStep | null => {
  if (step === "run") return null;
  const steps = importSteps(kind);
  return steps[steps.indexOf(step) - 1] ?? null;
};

/** The counts a preview shows: the kind's own, and any other the server reports all the same. */
export const shownCounts = (kind: ImportKindKey, counts: Record<ImportCountKey, number>): ImportCountKey[] =>
  IMPORT_COUNTS.filter((key) => IMPORT_KIND_RULES[kind].counts.includes(key) || counts[key] > 0);

/** The import page of a kind (customers: the page as it always was). */
export const importPath = (kind: ImportKindKey): string => (kind === "customers" ? "/customers/import" : `/customers/import?kind=${kind}`);

/** The kind as the GraphQL enum names it (templates). */
export const importKindEnum = (kind: ImportKindKey): ImportKind => kind.toUpperCase() as ImportKind;
