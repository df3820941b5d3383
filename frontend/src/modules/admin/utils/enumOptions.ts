import type { Channel, Grade, LeadRuleKind, Priority, SalesPeriod } from "../../../generated/graphql";

export const PRIORITIES: readonly Priority[] = ["LOW", "NORMAL", "HIGH", "URGENT"];
export const CHANNELS: readonly Channel[] = ["PHONE", "EMAIL", "WEB", "PORTAL", "WECHAT", "API"];
export const GRADES: readonly Grade[] = ["A", "B", "C", "D"];
export const LEAD_RULE_KINDS: readonly LeadRuleKind[] = ["TERRITORY", "ROUND_ROBIN", "LOAD"];
export const SALES_PERIODS: readonly SalesPeriod[] = ["MONTH", "QUARTER"];
/** ISO weekdays, 1 (Monday) to 7 (Sunday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
