import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { periodFromSearchParams, periodSearchParams } from "../utils/dashboardPeriod";

const TODAY = dayjs("2026-11-23T10:00:00");
const period = (query: string) => periodFromSearchParams(new URLSearchParams(query), TODAY);

describe("dashboard period", () => {
  it("is this month by default, per day, with this month's and quarter's forecast", () => {
    expect(period("")).toEqual({
      kind: "month",
      from: "2026-11-01",
      to: "2026-12-01",
      last: "2026-11-30",
      bucket: "DAY",
      forecastMonth: "2026-11-01",
      forecastQuarter: "2026-10-01",
    });
  });

  it("reads this quarter and this year from the URL", () => {
    expect(period("period=quarter")).toMatchObject({ kind: "quarter", from: "2026-10-01", to: "2027-01-01", bucket: "WEEK" });
    expect(period("period=year")).toMatchObject({ kind: "year", from: "2026-01-01", to: "2027-01-01", bucket: "MONTH" });
  });

  it("reads a custom range of days, its last day inclusive", () => {
    expect(period("period=custom&from=2026-03-05&to=2026-03-20")).toMatchObject({
      kind: "custom",
      from: "2026-03-05",
      to: "2026-03-21",
      last: "2026-03-20",
      bucket: "DAY",
      // Today is outside the range: the forecast is of the range's first month and quarter.
      forecastMonth: "2026-03-01",
      forecastQuarter: "2026-01-01",
    });
    expect(period("period=custom&from=2025-01-01&to=2025-12-31").bucket).toBe("MONTH");
  });

  it("falls back to this month for anything it cannot read", () => {
    expect(period("period=decade").kind).toBe("month");
    expect(period("period=custom&from=2026-02-30&to=2026-03-01").kind).toBe("month");
    expect(period("period=custom&from=2026-03-10&to=2026-03-01").kind).toBe("month");
    expect(period("period=custom&from=yesterday&to=2026-03-01").kind).toBe("month");
  });

  it("keeps a custom range within the three years the figures allow", () => {
    expect(period("period=custom&from=2010-01-01&to=2026-06-30")).toMatchObject({ from: "2023-07-01", to: "2026-07-01" });
  });

  it("round-trips through the URL", () => {
    expect(periodSearchParams("month").toString()).toBe("");
    expect(periodSearchParams("year").toString()).toBe("period=year");
    const custom = periodSearchParams("custom", { from: "2026-01-01", last: "2026-02-15" });
    expect(custom.toString()).toBe("period=custom&from=2026-01-01&to=2026-02-15");
    expect(periodFromSearchParams(custom, TODAY)).toMatchObject({ from: "2026-01-01", last: "2026-02-15" });
  });
});
