import { describe, expect, it } from "vitest";

import { LAZY_NAMESPACES } from "../../testing/lazyNamespaces";
import { createI18n, I18N_NAMESPACES, I18N_RESOURCES } from "../createI18n";
import {
  detectInitialLanguage,
  LANGUAGE_STORAGE_KEY,
  languageFromTag,
  readSavedLanguage,
  saveLanguage,
} from "../languages";

type Messages = { [key: string]: string | Messages };

const keyPaths = (messages: Messages, prefix = ""): string[] =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keyPaths(value, `${prefix}${key}.`),
  );

const leafValues = (messages: Messages): string[] =>
  Object.values(messages).flatMap((value) => (typeof value === "string" ? [value] : leafValues(value)));

describe("detectInitialLanguage", () => {
  it("defaults to zh-CN", () => {
    expect(detectInitialLanguage(null, [])).toBe("zh-CN");
    expect(detectInitialLanguage(null, ["fr-FR", "de"])).toBe("zh-CN");
  });

  it("follows the browser's first zh or en preference", () => {
    expect(detectInitialLanguage(null, ["en-US", "zh-CN"])).toBe("en");
    expect(detectInitialLanguage(null, ["fr", "zh-TW", "en"])).toBe("zh-CN");
    expect(detectInitialLanguage(null, ["ja", "en-GB"])).toBe("en");
  });

  it("lets the saved choice win over the browser", () => {
    expect(detectInitialLanguage("en", ["zh-CN"])).toBe("en");
    expect(detectInitialLanguage("zh-CN", ["en-US"])).toBe("zh-CN");
  });

  it("ignores a saved value that is not a shipped language", () => {
    expect(detectInitialLanguage("klingon", ["en"])).toBe("en");
    expect(detectInitialLanguage("", [])).toBe("zh-CN");
  });

  it("maps tags by their primary subtag", () => {
    expect(languageFromTag("zh-Hans-CN")).toBe("zh-CN");
    expect(languageFromTag("EN_us")).toBe("en");
    expect(languageFromTag("es")).toBeNull();
  });
});

describe("saved language", () => {
  it("round-trips through localStorage under rapport.language", () => {
    saveLanguage(window.localStorage, "en");
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
    expect(LANGUAGE_STORAGE_KEY).toBe("rapport.language");
    expect(readSavedLanguage(window.localStorage)).toBe("en");
  });

  it("survives storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(readSavedLanguage(broken)).toBeNull();
    expect(() => saveLanguage(broken, "en")).not.toThrow();
  });
});

describe("translations", () => {
  it("have the same keys in zh-CN and en, in every namespace", () => {
    for (const namespace of I18N_NAMESPACES) {
      const zh = I18N_RESOURCES["zh-CN"][namespace] as Messages;
      const english = I18N_RESOURCES.en[namespace] as Messages;
      expect({ namespace, keys: keyPaths(english).sort() }).toEqual({ namespace, keys: keyPaths(zh).sort() });
    }
  });

  it("have the same keys in zh-CN and en in the namespaces pages load lazily", () => {
    for (const [namespace, languages] of Object.entries(LAZY_NAMESPACES)) {
      const keys = (bundle: unknown) => keyPaths(bundle as Messages).sort();
      expect({ namespace, keys: keys(languages.en) }).toEqual({ namespace, keys: keys(languages["zh-CN"]) });
      const values = [...leafValues(languages.en as Messages), ...leafValues(languages["zh-CN"] as Messages)];
      expect(values.filter((value) => value.trim() === "")).toEqual([]);
    }
  });

  it("have no empty strings", () => {
    const all = I18N_NAMESPACES.flatMap((namespace) => [
      ...leafValues(I18N_RESOURCES.en[namespace] as Messages),
      ...leafValues(I18N_RESOURCES["zh-CN"][namespace] as Messages),
    ]);
    expect(all.filter((value) => value.trim() === "")).toEqual([]);
  });

  it("interpolate the greeting in both languages", () => {
    expect(createI18n("zh-CN").t("home.greeting", { name: "韩梅梅" })).toBe("欢迎，韩梅梅");
    expect(createI18n("en").t("home.greeting", { name: "Ada" })).toBe("Welcome, Ada");
  });
});
