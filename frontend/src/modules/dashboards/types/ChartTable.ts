/** The accessible table behind a chart: one row per item, its first cell linking to the drill-down. */
export type ChartTable = {
  /** Column headers: the item's, then one per value. */
  columns: readonly string[];
  rows: ReadonlyArray<{
    key: string;
    label: string;
    values: readonly string[];
    /** Where clicking the item leads (a filtered list), if anywhere. */
    drillTo: string | null;
    /** How many rows that list shows: the item's figure (a count column of the row). */
    drillCount?: number;
  }>;
};
