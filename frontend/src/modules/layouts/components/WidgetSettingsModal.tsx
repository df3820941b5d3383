import { Form, Modal, Select } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Grade } from "../../../generated/graphql";
import { WIDGET_PERIODS, type CatalogueEntry, type LayoutWidget, type WidgetPeriod } from "../types";

type WidgetSettingsModalProps = {
  widget: LayoutWidget | null;
  entry: CatalogueEntry | null;
  onApply: (widget: LayoutWidget) => void;
  onClose: () => void;
};

const GRADES: Grade[] = ["A", "B", "C", "D"];
const PAGE = "page";

/** A widget's own period (or the page's) and the filters its chart takes. */
export const WidgetSettingsModal = ({ widget, entry, onApply, onClose }: WidgetSettingsModalProps) =>
  widget && entry ? <WidgetSettings key={widget.id} widget={widget} entry={entry} onApply={onApply} onClose={onClose} /> : null;

const WidgetSettings = ({
  widget,
  entry,
  onApply,
  onClose,
}: Omit<WidgetSettingsModalProps, "widget" | "entry"> & { widget: LayoutWidget; entry: CatalogueEntry }) => {
  const { t } = useTranslation("dashboards");
  const [period, setPeriod] = useState<WidgetPeriod | typeof PAGE>(widget.period ?? PAGE);
  const [grades, setGrades] = useState<Grade[]>(widget.filters?.grades ?? []);
  return (
    <Modal
      open
      title={t(`layouts.widgets.${entry.kind}`)}
      okText={t("layouts.save")}
      cancelText={t("layouts.cancel")}
      onCancel={onClose}
      okButtonProps={{ "data-testid": "widget-settings-ok" }}
      onOk={() =>
        onApply({
          ...widget,
          period: period === PAGE ? null : period,
          filters: entry.filters.includes("grades") && grades.length > 0 ? { grades } : null,
        })
      }
    >
      <Form layout="vertical">
        {entry.period && (
          <Form.Item label={t("layouts.period")}>
            <Select
              data-testid="widget-settings-period"
              value={period}
              onChange={setPeriod}
              options={[
                { value: PAGE, label: t("layouts.periodPage") },
                ...WIDGET_PERIODS.map((value) => ({ value, label: t(`period.${value}`) })),
              ]}
            />
          </Form.Item>
        )}
        {entry.filters.includes("grades") && (
          <Form.Item label={t("layouts.grades")}>
            <Select
              mode="multiple"
              allowClear
              data-testid="widget-settings-grades"
              placeholder={t("layouts.gradesAll")}
              value={grades}
              onChange={setGrades}
              options={GRADES.map((grade) => ({ value: grade, label: grade }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
