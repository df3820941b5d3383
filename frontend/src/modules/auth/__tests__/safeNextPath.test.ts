import { describe, expect, it } from "vitest";

import { loginPathFor, safeNextPath } from "../utils/safeNextPath";

describe("safeNextPath", () => {
  it("keeps a path on this site, with its query", () => {
    expect(safeNextPath("/customers?owner=me")).toBe("/customers?owner=me");
  });

  it.each([null, "", "https://evil.example/", "//evil.example/", "/\\evil.example", "customers", "/login", "/login?next=/"])(
    "sends %s home",
    (next) => {
      expect(safeNextPath(next)).toBe("/");
    },
  );

  it("round-trips through loginPathFor", () => {
    const url = new URL(loginPathFor("/tickets?status=open&q=a b"), "http://rapport.test");
    expect(url.pathname).toBe("/login");
    expect(safeNextPath(url.searchParams.get("next"))).toBe("/tickets?status=open&q=a b");
  });
});
