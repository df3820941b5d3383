import { describe, expect, it } from "vitest";

import zhMarketing from "../../../i18n/locales/zh-CN/marketing.json";
import enMarketing from "../../../i18n/locales/en/marketing.json";
import { previewReady } from "../segments/useSegmentPreview";
import {
  boundsInverted,
  cleanRules,
  missingParams,
  newCondition,
  readRules,
  RULE_KIND_NAMES,
  RULE_KINDS,
  rulePathOf,
  rulesComplete,
  type RuleGroup,
} from "../segments/ruleTree";

describe("the rule builder's tree", () => {
  it("sends the backend's format: conditions with their typed parameters, one nested group", () => {
    const edited: RuleGroup = {
      op: "and",
      rules: [
        { kind: "profile", field: "province", values: [" 浙江 ", "上海", ""] },
        {
          op: "or",
          rules: [
            { kind: "hasTag", tag: " VIP " },
            { kind: "orderAmount", days: 365, min: 5000, max: null },
          ],
        },
        { kind: "orderCount", days: "", min: 3, max: undefined },
        { op: "and", rules: [] },
      ],
    };
    expect(cleanRules(edited)).toEqual({
      op: "and",
      rules: [
        { kind: "profile", field: "province", values: ["浙江", "上海"] },
        {
          op: "or",
          rules: [
            { kind: "hasTag", tag: "VIP" },
            { kind: "orderAmount", days: 365, min: "5000" },
          ],
        },
        { kind: "orderCount", min: 3 },
      ],
    });
  });

  it("drops parameters that are not the kind's, as the backend refuses unknown ones", () => {
    expect(cleanRules({ op: "or", rules: [{ kind: "noOrder", days: 180, tag: "stale" }] })).toEqual({
      op: "or",
      rules: [{ kind: "noOrder", days: 180 }],
    });
  });

  it("starts each kind with the parameters it needs and knows when a row is complete", () => {
    for (const kind of RULE_KIND_NAMES) {
      const condition = newCondition(kind);
      expect(condition.kind).toBe(kind);
      const params = Object.keys(condition).filter((key) => key !== "kind");
      for (const key of params) expect(RULE_KINDS[kind]?.map((spec) => spec.name)).toContain(key);
    }
    expect(newCondition("noOrder")).toEqual({ kind: "noOrder", days: 90 });
    expect(missingParams(newCondition("orderedProduct"))).toEqual(["sku"]);
    expect(missingParams({ kind: "orderCount", days: 30 })).toEqual(["min"]);
    expect(missingParams({ kind: "csat", days: 30, max: "3" })).toEqual([]);
    expect(rulesComplete({ op: "and", rules: [{ kind: "hasTag", tag: "VIP" }, { op: "or", rules: [{ kind: "hasTag" }] }] })).toBe(false);
    expect(rulesComplete({ op: "and", rules: [] })).toBe(true);
  });

  it("reads a stored or preset tree back, and survives what it does not know", () => {
    const preset = {
      op: "or",
      rules: [{ op: "and", rules: [{ kind: "orderCount", days: 365, min: 3 }] }, { kind: "rfmSegment", segments: ["loyal"] }],
    };
    expect(readRules(preset)).toEqual(preset);
    expect(cleanRules(readRules(preset))).toEqual(preset);
    expect(readRules(null)).toEqual({ op: "and", rules: [] });
    expect(readRules({ op: "xor", rules: [42, { kind: "hasTag", tag: "A" }] })).toEqual({ op: "and", rules: [{ kind: "hasTag", tag: "A" }] });
  });

  it("finds the row a server error names", () => {
    expect(rulePathOf("rules.rules.2.days")).toEqual([2]);
    expect(rulePathOf("input.rules.rules.0.rules.1.min")).toEqual([0, 1]);
    expect(rulePathOf("name")).toBeNull();
  });
});

type Messages = { [key: string]: string | Messages };
const keyPaths = (messages: Messages, prefix = ""): string[] =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keyPaths(value, `${prefix}${key}.`),
  );

describe("the lazily loaded marketing strings", () => {
  it("have the same keys in zh-CN and en, none empty, and a label for every rule kind", () => {
    expect(keyPaths(enMarketing as Messages).sort()).toEqual(keyPaths(zhMarketing as Messages).sort());
    expect(JSON.stringify([zhMarketing, enMarketing])).not.toContain('""');
    for (const kind of RULE_KIND_NAMES) {
      expect(zhMarketing.segments.kind).toHaveProperty(kind);
      for (const spec of RULE_KINDS[kind] ?? []) expect(enMarketing.segments.param).toHaveProperty(spec.name);
    }
  });
});

describe("live count readiness", () => {
  const complete: RuleGroup = { op: "and", rules: [{ kind: "orderCount", min: 2 }] };
  const incomplete: RuleGroup = { op: "and", rules: [{ kind: "orderCount" }] };

  it("waits while the debounced rules (what would be sent) are still incomplete", () => {
    expect(previewReady(complete, JSON.stringify(cleanRules(incomplete)))).toBe(false);
    expect(previewReady(complete, JSON.stringify(cleanRules(complete)))).toBe(true);
    expect(previewReady(incomplete, JSON.stringify(cleanRules(complete)))).toBe(false);
  });

  it("takes at least above at most as not ready, and says so", () => {
    const inverted = { kind: "orderAmount", min: "500", max: "100" };
    expect(boundsInverted(inverted)).toBe(true);
    expect(boundsInverted({ kind: "orderAmount", min: "100", max: "500" })).toBe(false);
    expect(rulesComplete({ op: "and", rules: [inverted] })).toBe(false);
  });
});
