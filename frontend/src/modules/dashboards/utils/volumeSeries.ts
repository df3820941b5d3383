import type { Bucket } from "../../../generated/graphql";
import type { ChartSeries } from "./chartOptions";

type KeyCount = { key: string | null; second: string | null; count: number };

/** A bucket's first day (YYYY-MM-DD) as an axis label: a month as YYYY-MM, a day or week as MM-DD. */
export const bucketLabel = (key: string, bucket: Bucket): string => (bucket === "MONTH" ? key.slice(0, 7) : key.slice(5));

/**
 * Ticket volume per bucket (`key`) and category or channel (`second`) as one series per category, over the
 * buckets in order, with each series' total (largest first).
 */
export const volumeSeries = (
  rows: readonly KeyCount[],
): { buckets: string[]; series: Array<ChartSeries & { key: string | null; total: number }> } => {
  const buckets = [...new Set(rows.map((row) => row.key ?? ""))].sort();
  const groups = new Map<string | null, number[]>();
  for (const row of rows) {
    const values = groups.get(row.second) ?? buckets.map(() => 0);
    const index = buckets.indexOf(row.key ?? "");
    values[index] = (values[index] ?? 0) + row.count;
    groups.set(row.second, values);
  }
  const series = [...groups.entries()]
    .map(([key, values]) => ({ key, name: key ?? "", values, total: values.reduce((sum, value) => sum + value, 0) }))
    .sort((a, b) => b.total - a.total);
  return { buckets, series };
};

/** Open tickets per status (summed over queues), largest first. */
export const backlogByStatus = (rows: readonly KeyCount[]): Array<{ key: string | null; count: number }> => {
  const totals = new Map<string | null, number>();
  for (const row of rows) totals.set(row.key, (totals.get(row.key) ?? 0) + row.count);
  return [...totals.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
};
