import type { i18n } from "i18next";

import enAdmin from "../i18n/locales/en/admin.json";
import enDashboards from "../i18n/locales/en/dashboards.json";
import enMarketing from "../i18n/locales/en/marketing.json";
import enMarketingFlows from "../i18n/locales/en/marketingFlows.json";
import enPredictionModels from "../i18n/locales/en/predictionModels.json";
import enPredictions from "../i18n/locales/en/predictions.json";
import zhAdmin from "../i18n/locales/zh-CN/admin.json";
import zhDashboards from "../i18n/locales/zh-CN/dashboards.json";
import zhMarketing from "../i18n/locales/zh-CN/marketing.json";
import zhMarketingFlows from "../i18n/locales/zh-CN/marketingFlows.json";
import zhPredictionModels from "../i18n/locales/zh-CN/predictionModels.json";
import zhPredictions from "../i18n/locales/zh-CN/predictions.json";

/** The namespaces the app loads with their pages (`useLazyNamespace`), in both languages and both files per name. */
export const LAZY_NAMESPACES = {
  admin: { "zh-CN": zhAdmin, en: enAdmin },
  dashboards: { "zh-CN": zhDashboards, en: enDashboards },
  marketing: { "zh-CN": zhMarketing, en: enMarketing },
  marketingFlows: { "zh-CN": zhMarketingFlows, en: enMarketingFlows },
  predictionModels: { "zh-CN": zhPredictionModels, en: enPredictionModels },
  predictions: { "zh-CN": zhPredictions, en: enPredictions },
} as const;

/** Tests: `instance` with the lazily loaded namespaces already there (pages then render at once). */
export const withLazyNamespaces = (instance: i18n): i18n => {
  for (const [namespace, languages] of Object.entries(LAZY_NAMESPACES)) {
    for (const [language, bundle] of Object.entries(languages)) {
      instance.addResourceBundle(language, namespace, bundle, true, true);
    }
  }
  return instance;
};
