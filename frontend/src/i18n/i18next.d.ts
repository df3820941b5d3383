import "i18next";

import type zhAdmin from "./locales/zh-CN/admin.json";
import type zhCommon from "./locales/zh-CN/common.json";
import type zhCustomers from "./locales/zh-CN/customers.json";
import type zhDashboards from "./locales/zh-CN/dashboards.json";
import type zhHome from "./locales/zh-CN/home.json";
import type zhMarketing from "./locales/zh-CN/marketing.json";
import type zhMarketingFlows from "./locales/zh-CN/marketingFlows.json";
import type zhPortal from "./locales/zh-CN/portal.json";
import type zhPredictionModels from "./locales/zh-CN/predictionModels.json";
import type zhPredictions from "./locales/zh-CN/predictions.json";
import type zhSales from "./locales/zh-CN/sales.json";
import type zhService from "./locales/zh-CN/service.json";
import type zhTasks from "./locales/zh-CN/tasks.json";
import type zhCN from "./zh-CN.json";

declare module "i18next" {
  // An interface, not a type: module augmentation only merges interfaces.
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: {
      translation: typeof zhCN;
      common: typeof zhCommon;
      home: typeof zhHome;
      customers: typeof zhCustomers;
      sales: typeof zhSales;
      service: typeof zhService;
      portal: typeof zhPortal;
      dashboards: typeof zhDashboards;
      admin: typeof zhAdmin;
      tasks: typeof zhTasks;
      /** Loaded lazily by the marketing pages (`useLazyNamespace`), not by `createI18n`. */
      marketing: typeof zhMarketing;
      // Loaded lazily with its pages (useMarketingFlowsStrings), not by createI18n.
      marketingFlows: typeof zhMarketingFlows;
      /** Loaded lazily by the prediction models page (`useLazyNamespace`), not by `createI18n`. */
      predictionModels: typeof zhPredictionModels;
      /** Loaded lazily by the prediction cards and widgets (`useLazyNamespace`), not by `createI18n`. */
      predictions: typeof zhPredictions;
    };
  }
}
