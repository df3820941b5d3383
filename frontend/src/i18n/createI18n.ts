import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./en.json";
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type Language } from "./languages";
import enCommon from "./locales/en/common.json";
import enCustomers from "./locales/en/customers.json";
import enHome from "./locales/en/home.json";
import enPortal from "./locales/en/portal.json";
import enSales from "./locales/en/sales.json";
import enService from "./locales/en/service.json";
import enTasks from "./locales/en/tasks.json";
import zhCommon from "./locales/zh-CN/common.json";
import zhCustomers from "./locales/zh-CN/customers.json";
import zhHome from "./locales/zh-CN/home.json";
import zhPortal from "./locales/zh-CN/portal.json";
import zhSales from "./locales/zh-CN/sales.json";
import zhService from "./locales/zh-CN/service.json";
import zhTasks from "./locales/zh-CN/tasks.json";
import zhCN from "./zh-CN.json";

/**
 * Every language's strings, one namespace per feature area (`useTranslation("sales")`); `translation` holds
 * the app shell's. Both languages must have the same keys: a test compares them. Feature areas whose pages are
 * all lazily loaded keep their strings out of the main bundle (the sign-in page's size budget) and load them with
 * their pages (`useLazyNamespace`): admin, dashboards, marketing, marketingFlows, predictionModels,
 * predictions.
 */
export const I18N_RESOURCES = {
  "zh-CN": {
    translation: zhCN,
    common: zhCommon,
    home: zhHome,
    customers: zhCustomers,
    sales: zhSales,
    service: zhService,
    portal: zhPortal,
    tasks: zhTasks,
  },
  en: {
    translation: en,
    common: enCommon,
    home: enHome,
    customers: enCustomers,
    sales: enSales,
    service: enService,
    portal: enPortal,
    tasks: enTasks,
  },
} as const;

export const I18N_NAMESPACES = Object.keys(I18N_RESOURCES["zh-CN"]) as (keyof (typeof I18N_RESOURCES)["zh-CN"])[];

/** A ready i18next instance (resources are bundled, so initialisation is synchronous). */
export const createI18n = (language: Language): i18n => {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    resources: I18N_RESOURCES,
    ns: I18N_NAMESPACES,
    defaultNS: "translation",
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
