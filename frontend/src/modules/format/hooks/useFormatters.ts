import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import "dayjs/locale/zh-cn";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

dayjs.extend(relativeTime);

export type Formatters = {
  /** A decimal string from the API ("12000.50") as money: ¥12,000.50 (CNY by default). */
  money: (value: string | number | null | undefined, currency?: string) => string;
  /** Money without decimals for charts and tiles: ¥12,001. */
  moneyShort: (value: string | number | null | undefined) => string;
  number: (value: number | null | undefined, digits?: number) => string;
  /** 0.4567 -> 45.7% */
  percent: (value: number | null | undefined, digits?: number) => string;
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
  /** "3 hours ago" / "in 2 days". */
  relative: (value: string | null | undefined) => string;
};

const EMPTY = "—";

/** Formatters for the current language (zh-CN or en): numbers, money, dates, relative times. */
export const useFormatters = (): Formatters => {
  const { i18n } = useTranslation();
  const language = i18n.language === "en" ? "en" : "zh-CN";
  return useMemo(() => {
    const numberFormat = (digits: number) =>
      new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    const dateFormat = new Intl.DateTimeFormat(language, { year: "numeric", month: "2-digit", day: "2-digit" });
    const dateTimeFormat = new Intl.DateTimeFormat(language, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    const toNumber = (value: string | number) => (typeof value === "number" ? value : Number(value));
    return {
      money: (value, currency = "CNY") =>
        value === null || value === undefined || value === ""
          ? EMPTY
          : new Intl.NumberFormat(language, { style: "currency", currency }).format(toNumber(value)),
      moneyShort: (value) =>
        value === null || value === undefined || value === ""
          ? EMPTY
          : new Intl.NumberFormat(language, { style: "currency", currency: "CNY", maximumFractionDigits: 0 }).format(
              toNumber(value),
            ),
      number: (value, digits = 0) => (value === null || value === undefined ? EMPTY : numberFormat(digits).format(value)),
      percent: (value, digits = 1) =>
        value === null || value === undefined
          ? EMPTY
          : new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: digits }).format(value),
      date: (value) => (value ? dateFormat.format(new Date(value)) : EMPTY),
      dateTime: (value) => (value ? dateTimeFormat.format(new Date(value)) : EMPTY),
      relative: (value) => (value ? dayjs(value).locale(language === "en" ? "en" : "zh-cn").fromNow() : EMPTY),
    };
  }, [language]);
};
