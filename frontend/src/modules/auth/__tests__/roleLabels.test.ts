import { describe, expect, it } from "vitest";

import { createI18n } from "../../../i18n/createI18n";
import { ROLE_NAMES } from "../utils/roleNames";

/** Every source file of the app (tests and generated code aside), as text. */
const SOURCES = Object.entries(
  import.meta.glob<string>(["/src/**/*.{ts,tsx}", "!/src/**/__tests__/**", "!/src/generated/**"], { query: "?raw", import: "default", eager: true }),
);

describe("role labels", () => {
  // tests/identity/test_role_labels.py checks that ROLE_NAMES are the shipped policy's roles.
  it("name every shipped role in both languages", () => {
    // A missing label shows its key, or the raw name ("customer" on the portal home was).
    const unlabelled = (["zh-CN", "en"] as const).flatMap((language) => {
      const { t } = createI18n(language);
      return ROLE_NAMES.filter((role) => [`roles.${role}`, role].includes(t(`roles.${role}`))).map((role) => `${language} ${role}`);
    });
    expect(unlabelled).toEqual([]);
  });

  it("go through the one role-label function wherever roles are shown", () => {
    const offenders = SOURCES.filter(([file, text]) => {
      if (file.endsWith("/auth/hooks/useRoleLabel.ts")) return false;
      // A role's label key spelled out anywhere else is a second labelling.
      if (/["'`](roles|roleNames)\./.test(text)) return true;
      // A component that touches roles (a viewer's, a user's, the matrix's) shows them through the function.
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      return file.endsWith(".tsx") && /\broles\b|\.role\b/.test(code) && !code.includes("useRoleLabel");
    }).map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
