import { describe, expect, it } from "vitest";

import en from "../locales/en/marketingFlows.json";
import zh from "../locales/zh-CN/marketingFlows.json";

type Messages = { [key: string]: string | Messages };

const keyPaths = (messages: Messages, prefix = ""): string[] =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keyPaths(value, `${prefix}${key}.`),
  );

describe("marketingFlows strings (lazily loaded)", () => {
  it("have the same keys in both languages", () => {
    expect(keyPaths(en).sort()).toEqual(keyPaths(zh).sort());
  });
});
