import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";

export type ChartFormatters = {
  /** ¥12,000 */
  money: (value: number) => string;
  /** Axis labels: ¥1.2万 / ¥12K. */
  moneyCompact: (value: number) => string;
  count: (value: number) => string;
  /** 0.42 -> 42% */
  percent: (value: number | null | undefined) => string;
  /** 4.25 -> 4.3 */
  stars: (value: number | null | undefined) => string;
};

/** Number formats for charts and their tables, in the current language. */
export const useChartFormatters = (): ChartFormatters => {
  const { i18n } = useTranslation();
  const formatters = useFormatters();
  const language = i18n.language === "en" ? "en" : "zh-CN";
  return useMemo(() => {
    const compact = new Intl.NumberFormat(language, {
      style: "currency",
      currency: "CNY",
      notation: "compact",
      maximumFractionDigits: 1,
    });
    return {
      money: (value) => formatters.moneyShort(value),
      moneyCompact: (value) => compact.format(value),
      count: (value) => formatters.number(value),
      percent: (value) => formatters.percent(value),
      stars: (value) => formatters.number(value, 1),
    };
  }, [formatters, language]);
};
