import { DatePicker, Select } from "antd";
import dayjs from "dayjs";
import type { ReactNode } from "react";

type MultiSelectFilterProps<Value extends string> = {
  /** Names the filter for screen readers, and is the placeholder unless another is given. */
  label: string;
  placeholder?: string;
  value: Value[];
  options: ReadonlyArray<{ value: Value; label: ReactNode }>;
  onChange: (value: Value[]) => void;
  minWidth?: number;
  testId: string;
};

/** A list filter that keeps the rows matching any of the chosen values; on a narrow screen the chosen values fold
 * into a "+N" tag instead of growing the bar. */
export const MultiSelectFilter = <Value extends string>({
  label,
  placeholder,
  value,
  options,
  onChange,
  minWidth = 160,
  testId,
}: MultiSelectFilterProps<Value>) => (
  <Select<Value[]>
    mode="multiple"
    allowClear
    style={{ minWidth, maxWidth: "100%" }}
    placeholder={placeholder ?? label}
    aria-label={label}
    value={value}
    onChange={onChange}
    options={options.map((option) => ({ ...option }))}
    data-testid={testId}
    maxTagCount="responsive"
  />
);

/** A day as the URL and the API write it (YYYY-MM-DD), or none. */
export type Day = string | null;

type DayRangeFilterProps = {
  label: string;
  from: Day;
  to: Day;
  /** Either end may be left open. */
  onChange: (from: Day, to: Day) => void;
  testId: string;
};

const asDay = (value: Day) => (value ? dayjs(value) : null);

/** A list filter on a range of days, open at either end. */
export const DayRangeFilter = ({ label, from, to, onChange, testId }: DayRangeFilterProps) => (
  <DatePicker.RangePicker
    allowEmpty={[true, true]}
    value={from || to ? [asDay(from), asDay(to)] : null}
    onChange={(days) => onChange(days?.[0]?.format("YYYY-MM-DD") ?? null, days?.[1]?.format("YYYY-MM-DD") ?? null)}
    placeholder={[label, label]}
    aria-label={label}
    data-testid={testId}
  />
);
