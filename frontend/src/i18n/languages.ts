/** Languages the SPA ships, the key that remembers the user's choice, and how the first language is picked. */

export const SUPPORTED_LANGUAGES = ["zh-CN", "en"] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "zh-CN";

/** localStorage key holding the language the user picked in the switcher. */
export const LANGUAGE_STORAGE_KEY = "rapport.language";

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/** Maps a BCP 47 tag (e.g. "en-US", "zh-Hans-CN") to a shipped language, or null when none fits. */
export const languageFromTag = (tag: string): Language | null => {
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  if (primary === "zh") return "zh-CN";
  if (primary === "en") return "en";
  return null;
};

/** The saved choice wins; else the browser's first zh or en preference; else zh-CN. */
export const detectInitialLanguage = (
  savedLanguage: string | null,
  browserLanguages: readonly string[],
): Language => {
  if (isLanguage(savedLanguage)) return savedLanguage;
  for (const tag of browserLanguages) {
    const language = languageFromTag(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
};

type LanguageStorage = Pick<Storage, "getItem" | "setItem">;

/** Reads the saved language; storage may be unavailable (private mode, blocked cookies). */
export const readSavedLanguage = (storage: LanguageStorage | undefined): string | null => {
  try {
    return storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
};

export const saveLanguage = (storage: LanguageStorage | undefined, language: Language): void => {
  try {
    storage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The choice still applies to this tab; it just is not remembered.
  }
};

/** The language to start with in this browser. */
export const browserInitialLanguage = (): Language =>
  detectInitialLanguage(
    readSavedLanguage(typeof window === "undefined" ? undefined : window.localStorage),
    typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]),
  );
