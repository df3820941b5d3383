import dayjs, { type Dayjs } from "dayjs";

import type { Bucket } from "../../../generated/graphql";

export const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;

export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The dashboards' period, read from the URL (`?period=quarter`, `?period=custom&from=…&to=…`). */
export type DashboardPeriod = {
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Day after the last (exclusive), YYYY-MM-DD: what the API's `to` / `createdTo` mean. */
  to: string;
  /** Last day (inclusive), YYYY-MM-DD: what the custom range picker shows and the URL holds. */
  last: string;
  /** Ticket volume and CSAT per day, week or month, depending on the period's length. */
  bucket: Bucket;
  /** The month and quarter whose forecast is shown: today's when the period contains today, else its first's. */
  forecastMonth: string;
  forecastQuarter: string;
};

const DAY = "YYYY-MM-DD";
/** salesPerformance and salesFunnel answer at most three years. */
const MAX_YEARS = 3;

const quarterStart = (day: Dayjs): Dayjs => day.startOf("month").month(Math.floor(day.month() / 3) * 3);

const parseDay = (value: string | null): Dayjs | null => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const day = dayjs(value);
  return day.isValid() && day.format(DAY) === value ? day : null;
};

const bucketFor = (days: number): Bucket => (days <= 62 ? "DAY" : days <= 190 ? "WEEK" : "MONTH");

const build = (kind: PeriodKind, start: Dayjs, end: Dayjs, today: Dayjs): DashboardPeriod => {
  const anchor = !today.isBefore(start) && today.isBefore(end) ? today : start;
  return {
    kind,
    from: start.format(DAY),
    to: end.format(DAY),
    last: end.subtract(1, "day").format(DAY),
    bucket: bucketFor(end.diff(start, "day")),
    forecastMonth: anchor.startOf("month").format(DAY),
    forecastQuarter: quarterStart(anchor).format(DAY),
  };
};

const isPeriodKind = (value: string | null): value is PeriodKind =>
  value !== null && (PERIOD_KINDS as readonly string[]).includes(value);

/** The period the URL asks for; this month when it asks for nothing valid. */
export const periodFromSearchParams = (params: URLSearchParams, today: Dayjs = dayjs()): DashboardPeriod => {
  const day = today.startOf("day");
  const requested = params.get("period");
  const kind: PeriodKind = isPeriodKind(requested) ? requested : "month";
  if (kind === "quarter") {
    const start = quarterStart(day);
    return build(kind, start, start.add(3, "month"), day);
  }
  if (kind === "year") {
    const start = day.startOf("year");
    return build(kind, start, start.add(1, "year"), day);
  }
  if (kind === "custom") {
    const first = parseDay(params.get("from"));
    const last = parseDay(params.get("to"));
    if (first && last && !last.isBefore(first)) {
      const end = last.add(1, "day");
      const earliest = end.subtract(MAX_YEARS, "year");
      return build(kind, first.isBefore(earliest) ? earliest : first, end, day);
    }
  }
  const start = day.startOf("month");
  return build("month", start, start.add(1, "month"), day);
};

/** The URL search params for a period (a custom one with its first and last day). */
export const periodSearchParams = (kind: PeriodKind, range?: { from: string; last: string }): URLSearchParams => {
  const params = new URLSearchParams();
  if (kind === "month") return params;
  params.set("period", kind);
  if (kind === "custom" && range) {
    params.set("from", range.from);
    params.set("to", range.last);
  }
  return params;
};

/** An ISO timestamp for the local midnight starting `day` (for DateTime arguments). */
export const startOfDayTimestamp = (day: string): string => dayjs(day).startOf("day").format();
