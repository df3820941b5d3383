import type { Locale } from "antd/es/locale";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import "dayjs/locale/zh-cn";

import type { Language } from "../../../i18n/languages";

type LanguageLocale = {
  antd: Locale;
  dayjs: string;
};

/** Ant Design and dayjs locales that go with each shipped language. */
export const LANGUAGE_LOCALES: Record<Language, LanguageLocale> = {
  "zh-CN": { antd: zhCN, dayjs: "zh-cn" },
  en: { antd: enUS, dayjs: "en" },
};
