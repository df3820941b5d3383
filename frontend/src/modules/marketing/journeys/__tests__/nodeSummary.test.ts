import { describe, expect, it } from "vitest";

import { createI18n } from "../../../../i18n/createI18n";
import { withLazyNamespaces } from "../../../../testing/lazyNamespaces";
import { labelledEdges } from "../utils/journeyGraph";
import { nodeSummary } from "../utils/nodeSummary";

const zh = withLazyNamespaces(createI18n("zh-CN")).getFixedT("zh-CN", "marketingFlows");

describe("nodeSummary", () => {
  it("says what a step does in Chinese, not in config keys", () => {
    expect(nodeSummary("wait", { hours: 24 }, zh)).toBe("24 小时");
    expect(nodeSummary("wait", { days: 1, until: "09:00" }, zh)).toBe("1 天，直到 09:00");
    expect(nodeSummary("send", { channel: "sms" }, zh)).toBe("短信");
    expect(nodeSummary("trigger", { kind: "event", event: "order.placed" }, zh)).toBe("业务事件：下单");
    expect(nodeSummary("trigger", { kind: "date", field: "birth_date" }, zh)).toBe("每年日期：生日");
    expect(nodeSummary("condition", { kind: "engaged", event: "clicked" }, zh)).toBe("打开／点击了消息 点击");
    expect(nodeSummary("condition", { kind: "ordered_within", hours: 48 }, zh)).toBe("期间内下单 48 小时内");
    // A value the panel does not offer is shown as stored.
    expect(nodeSummary("send", { channel: "fax" }, zh)).toBe("fax");
  });

  it("labels a condition's branches in the reader's language", () => {
    const edges = labelledEdges(
      [
        { id: "a", source: "n1", target: "n2", sourceHandle: "yes" },
        { id: "b", source: "n2", target: "n3", sourceHandle: null },
      ],
      (branch) => zh(`node.${branch}`),
    );
    expect(edges.map((edge) => edge.label)).toEqual(["是", undefined]);
  });
});
