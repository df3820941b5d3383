import dayjs from "dayjs";

export type OrderPoint = {
  orderedAt: string;
  status: string;
  totalAmount?: string;
};

export type MonthTotal = {
  /** YYYY-MM */
  month: string;
  /** Sum of order amounts (0 when amounts are not readable). */
  amount: number;
  count: number;
};

/** Orders that count as revenue, as `lifetimeValue` counts them. */
const REVENUE_STATUSES = new Set(["paid", "shipped", "completed"]);

/**
 * Order amounts and counts per month for the `months` months ending with `now`'s month (oldest first, empty
 * months included). Cancelled, refunded and unpaid orders are left out.
 */
export const ordersByMonth = (orders: readonly OrderPoint[], now: Date = new Date(), months = 12): MonthTotal[] => {
  const end = dayjs(now).startOf("month");
  const buckets = new Map<string, MonthTotal>();
  for (let i = months - 1; i >= 0; i -= 1) {
    const month = end.subtract(i, "month").format("YYYY-MM");
    buckets.set(month, { month, amount: 0, count: 0 });
  }
  for (const order of orders) {
    if (!REVENUE_STATUSES.has(order.status)) continue;
    const bucket = buckets.get(dayjs(order.orderedAt).format("YYYY-MM"));
    if (!bucket) continue;
    bucket.count += 1;
    // Amounts are decimal strings; cents keep the sum exact enough for a chart.
    bucket.amount = Math.round((bucket.amount + Number(order.totalAmount ?? 0)) * 100) / 100;
  }
  return [...buckets.values()];
};
