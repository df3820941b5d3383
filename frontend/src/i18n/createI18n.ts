import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./en.json";
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type Language } from "./languages";
import zhCN from "./zh-CN.json";

export const I18N_RESOURCES = {
  "zh-CN": { translation: zhCN },
  en: { translation: en },
} as const;

/** A ready i18next instance (resources are bundled, so initialisation is synchronous). */
export const createI18n = (language: Language): i18n => {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources: I18N_RESOURCES,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: SUPPORTED_LANGUAGES,
    // Keep "zh-CN" as is instead of also loading "zh".
    load: "currentOnly",
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
};
