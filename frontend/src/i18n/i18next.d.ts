import "i18next";

import type zhCN from "./zh-CN.json";

declare module "i18next" {
  // An interface, not a type: module augmentation only merges interfaces.
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof zhCN };
  }
}
