import { DatePicker, Flex, Segmented } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import { PERIOD_KINDS, type DashboardPeriod, type PeriodKind } from "../utils/dashboardPeriod";

type DashboardPeriodPickerProps = {
  period: DashboardPeriod;
  /** A new period was chosen (a custom one with its first and last day). */
  onChange: (kind: PeriodKind, range?: { from: string; last: string }) => void;
};

const DAY = "YYYY-MM-DD";

/** This month / quarter / year, or a custom range of days (at most three years). */
export const DashboardPeriodPicker = ({ period, onChange }: DashboardPeriodPickerProps) => {
  const { t } = useTranslation("dashboards");
  const range: [Dayjs, Dayjs] = [dayjs(period.from), dayjs(period.last)];
  return (
    <Flex gap={8} wrap align="center" data-testid="period-picker">
      <Segmented<PeriodKind>
        value={period.kind}
        aria-label={t("period.label")}
        onChange={(kind) => onChange(kind, kind === "custom" ? { from: period.from, last: period.last } : undefined)}
        options={PERIOD_KINDS.map((kind) => ({
          value: kind,
          label: <span data-testid={`period-${kind}`}>{t(`period.${kind}`)}</span>,
        }))}
      />
      {period.kind === "custom" && (
        <span data-testid="period-range">
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            disabledDate={(day, info) => {
              const from = info.from;
              return from ? Math.abs(day.diff(from, "year", true)) > 3 : false;
            }}
            onChange={(values) => {
              const [from, last] = values ?? [];
              if (from && last) onChange("custom", { from: from.format(DAY), last: last.format(DAY) });
            }}
          />
        </span>
      )}
    </Flex>
  );
};
