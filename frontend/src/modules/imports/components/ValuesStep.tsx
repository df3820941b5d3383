import { Card, Empty, Flex, Input, Select, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { useImportLabels } from "../hooks/useImportLabels";
import type { ImportKindKey } from "../utils/importKinds";
import { mappedValueTargets, targetValues, valueChoices, type ColumnMapping, type ImportSheet, type ValueMapping } from "../utils/importMapping";

type ValuesStepProps = {
  kind: ImportKindKey;
  sheet: ImportSheet;
  columns: ColumnMapping;
  values: ValueMapping;
  onChange: (values: ValueMapping) => void;
};

/** Step 4: for the kind's named values (a customer's grade, status, kind and tags; an order's status and channel; a
 * ticket's priority and channel), what each value of the file becomes (重要客户 → A). */
export const ValuesStep = ({ kind, sheet, columns, values, onChange }: ValuesStepProps) => {
  const { t } = useTranslation();
  const labels = useImportLabels(kind);
  const targets = mappedValueTargets(kind, columns);
  if (targets.length === 0)
    return <Empty description={kind === "customers" ? t("imports.values.none") : t(`imports.kinds.${kind}.valuesNone`)} data-testid="import-values-none" />;

  const set = (target: string, source: string, value: string) =>
    onChange({ ...values, [target]: { ...values[target], [source]: value } });

  return (
    <Flex vertical gap={16} data-testid="import-values">
      <Typography.Text type="secondary">{t("imports.values.hint")}</Typography.Text>
      {targets.map((target) => {
        const found = targetValues(sheet, columns, target);
        const choices = valueChoices(kind, target);
        const field = labels.target(target);
        return (
          <Card key={target} size="small" title={field} data-testid="import-values-target" data-target={target}>
            {found.length === 0 && <Typography.Text type="secondary">{t("imports.values.noneFound")}</Typography.Text>}
            <Flex vertical gap={8}>
              {found.map((source) => {
                const label = t("imports.values.becomes", { value: source, field });
                const current = values[target]?.[source] ?? "";
                return (
                  <Flex key={source} gap={8} align="center" wrap data-testid="import-value" data-source={source}>
                    <Typography.Text style={{ minWidth: 120 }}>{source}</Typography.Text>
                    <Typography.Text type="secondary" aria-hidden>
                      →
                    </Typography.Text>
                    {choices ? (
                      <Select
                        value={current}
                        onChange={(value: string) => set(target, source, value)}
                        aria-label={label}
                        style={{ width: 180 }}
                        options={[
                          { value: "", label: t("imports.values.asIs") },
                          ...choices.map((choice) => ({ value: choice, label: labels.choice(target, choice) })),
                        ]}
                        data-testid="import-value-select"
                      />
                    ) : (
                      <Input
                        value={current}
                        onChange={(event) => set(target, source, event.target.value)}
                        aria-label={label}
                        placeholder={t("imports.values.asIs")}
                        style={{ width: 180 }}
                        maxLength={64}
                        data-testid="import-value-input"
                      />
                    )}
                  </Flex>
                );
              })}
            </Flex>
          </Card>
        );
      })}
      <Typography.Text type="secondary">{t("imports.values.firstRowsHint", { count: sheet.rowCount })}</Typography.Text>
    </Flex>
  );
};
