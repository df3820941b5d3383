import { useCallback } from "react";
import { useTranslation } from "react-i18next";

import { DEFAULT_LANGUAGE, isLanguage, saveLanguage, type Language } from "../../../i18n/languages";

type UseLanguage = {
  language: Language;
  changeLanguage: (language: Language) => Promise<void>;
};

/** The current UI language and a setter that applies it everywhere and remembers it in localStorage. */
export const useLanguage = (): UseLanguage => {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;

  const changeLanguage = useCallback(
    async (next: Language) => {
      saveLanguage(window.localStorage, next);
      await i18n.changeLanguage(next);
    },
    [i18n],
  );

  return { language, changeLanguage };
};
