/**
 * The segment rule tree as the backend stores it (`backend/rapport/marketing/segments/rules.py`):
 * `{op: "and" | "or", rules: [condition | group]}`, a condition `{kind, ...its parameters}`. The builder edits this
 * shape directly; `cleanRules` drops the parameters left empty, so what is sent is exactly what `parse` accepts.
 */
export type RuleOp = "and" | "or";

export type ParamInput = "text" | "days" | "count" | "amount" | "rating" | "likelihood" | "choices" | "profileField";

export type ParamSpec = { name: string; input: ParamInput; required: boolean };

export type RuleCondition = { kind: string; [param: string]: unknown };
export type RuleGroup = { op: RuleOp; rules: Array<RuleCondition | RuleGroup> };

const days = (required: boolean): ParamSpec => ({ name: "days", input: "days", required });
const bounds = (input: ParamInput): ParamSpec[] => [
  { name: "min", input, required: false },
  { name: "max", input, required: false },
];

/** Each kind's parameters, in the order the builder shows them. */
export const RULE_KINDS: Record<string, ParamSpec[]> = {
  profile: [
    { name: "field", input: "profileField", required: true },
    { name: "values", input: "choices", required: true },
  ],
  hasTag: [{ name: "tag", input: "text", required: true }],
  lacksTag: [{ name: "tag", input: "text", required: true }],
  rfmSegment: [{ name: "segments", input: "choices", required: true }],
  orderedProduct: [{ name: "sku", input: "text", required: true }, days(true)],
  orderedCategory: [{ name: "category", input: "text", required: true }, days(true)],
  noOrder: [days(true)],
  orderCount: [days(false), ...bounds("count")],
  orderAmount: [days(false), ...bounds("amount")],
  ticketCount: [days(true), ...bounds("count")],
  csat: [days(true), ...bounds("rating")],
  leadSource: [{ name: "source", input: "text", required: true }],
  likelyBuyer: [
    { name: "sku", input: "text", required: true },
    { name: "likelihood", input: "likelihood", required: true },
  ],
};

export const RULE_KIND_NAMES = Object.keys(RULE_KINDS);

/** Kinds with `min`/`max`: at least one of them is needed. */
export const BOUNDED_KINDS = new Set(["orderCount", "orderAmount", "ticketCount", "csat"]);

/** Profile fields and the values they may take (empty: free text). */
export const PROFILE_FIELDS: Record<string, readonly string[]> = {
  kind: ["person", "company"],
  status: ["prospect", "active", "dormant", "lost"],
  grade: ["A", "B", "C", "D"],
  industry: [],
  source: [],
  province: [],
  city: [],
  size: [],
};

export const RFM_SEGMENTS = ["high_value", "new", "loyal", "at_risk", "dormant", "potential", "none"] as const;

export const isGroup = (rule: RuleCondition | RuleGroup): rule is RuleGroup => "op" in rule && "rules" in rule;

/** A new condition of a kind with its defaults (a 90-day window where one is needed). */
export const newCondition = (kind: string): RuleCondition => {
  const condition: RuleCondition = { kind };
  for (const spec of RULE_KINDS[kind] ?? []) {
    if (spec.name === "days" && spec.required) condition.days = 90;
    if (spec.name === "field") condition.field = "grade";
    if (spec.input === "choices") condition[spec.name] = [];
  }
  return condition;
};

const empty = (value: unknown) =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);

const cleanValue = (spec: ParamSpec, value: unknown): unknown => {
  if (spec.input === "amount" || spec.input === "rating" || spec.input === "likelihood") return typeof value === "number" ? String(value) : String(value).trim();
  if (spec.input === "days" || spec.input === "count") return typeof value === "string" ? Number(value) : value;
  if (spec.input === "text" || spec.input === "profileField") return String(value).trim();
  if (spec.input === "choices" && Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  return value;
};

/** One condition with only its kind's non-empty parameters, typed as the backend reads them. */
export const cleanCondition = (condition: RuleCondition): RuleCondition => {
  const out: RuleCondition = { kind: condition.kind };
  for (const spec of RULE_KINDS[condition.kind] ?? []) {
    const value = condition[spec.name];
    if (empty(value)) continue;
    out[spec.name] = cleanValue(spec, value);
  }
  return out;
};

/** The tree to send: every condition cleaned, empty nested groups dropped. */
export const cleanRules = (group: RuleGroup): RuleGroup => ({
  op: group.op,
  rules: group.rules.flatMap((rule): Array<RuleCondition | RuleGroup> => {
    if (!isGroup(rule)) return [cleanCondition(rule)];
    const inner = cleanRules(rule);
    return inner.rules.length > 0 ? [inner] : [];
  }),
});

/** What the builder can show of a stored tree: anything that is not a group of known shape becomes an empty tree. */
export const readRules = (value: unknown): RuleGroup => {
  if (value && typeof value === "object" && "op" in value && "rules" in value) {
    const group = value as { op: unknown; rules: unknown };
    const op: RuleOp = group.op === "or" ? "or" : "and";
    const rules = Array.isArray(group.rules) ? (group.rules as unknown[]) : [];
    return {
      op,
      rules: rules.flatMap((rule): Array<RuleCondition | RuleGroup> => {
        if (!rule || typeof rule !== "object") return [];
        if ("op" in rule) return [readRules(rule)];
        if ("kind" in rule) return [{ ...(rule as RuleCondition) }];
        return [];
      }),
    };
  }
  return { op: "and", rules: [] };
};

/** Missing required parameters of a condition (and a missing bound), by parameter name; empty when complete. */
export const missingParams = (condition: RuleCondition): string[] => {
  const missing = (RULE_KINDS[condition.kind] ?? [])
    .filter((spec) => spec.required && empty(condition[spec.name]))
    .map((spec) => spec.name);
  if (BOUNDED_KINDS.has(condition.kind) && empty(condition.min) && empty(condition.max)) missing.push("min");
  return missing;
};

/** Whether a bounded condition's "at least" is above its "at most" (no customer could match: the server refuses it). */
export const boundsInverted = (condition: RuleCondition): boolean =>
  BOUNDED_KINDS.has(condition.kind) &&
  !empty(condition.min) &&
  !empty(condition.max) &&
  Number(condition.min) > Number(condition.max);

/** Whether every condition of the tree has what it needs, bounds in order (the live count waits until then). */
export const rulesComplete = (group: RuleGroup): boolean =>
  group.rules.every((rule) =>
    isGroup(rule) ? rulesComplete(rule) : missingParams(rule).length === 0 && !boundsInverted(rule),
  );

/** The rule a backend error path names ("rules.rules.0.rules.1.min" → [0, 1]), for highlighting its row. */
export const rulePathOf = (field: string | null | undefined): number[] | null => {
  const parts = (field ?? "").split(".").filter(Boolean);
  const start = parts.indexOf("rules");
  if (start < 0) return null;
  const path: number[] = [];
  for (let i = start + 1; i < parts.length; i += 2) {
    if (parts[i] !== "rules") break;
    const index = Number(parts[i + 1]);
    if (!Number.isInteger(index)) break;
    path.push(index);
  }
  return path.length > 0 ? path : null;
};
