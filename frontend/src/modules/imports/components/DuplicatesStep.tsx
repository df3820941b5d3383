import { Checkbox, Flex, Radio, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ImportStrategy } from "../../../generated/graphql";

export const IMPORT_STRATEGIES: readonly ImportStrategy[] = ["SKIP", "UPDATE_EMPTY", "UPDATE_ALL", "MERGE"];

type DuplicatesStepProps = {
  strategy: ImportStrategy;
  createSimilar: boolean;
  onChange: (strategy: ImportStrategy, createSimilar: boolean) => void;
};

/** Step 5: what a row matching an existing customer does, and whether rows only resembling one by name are created. */
export const DuplicatesStep = ({ strategy, createSimilar, onChange }: DuplicatesStepProps) => {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16} data-testid="import-duplicates">
      <Typography.Text type="secondary">{t("imports.duplicates.hint")}</Typography.Text>
      <Radio.Group
        value={strategy}
        onChange={(event) => onChange(event.target.value as ImportStrategy, createSimilar)}
        aria-label={t("imports.duplicates.strategy")}
        data-testid="import-strategy"
        style={{ display: "flex", flexDirection: "column", gap: 12 }}
      >
        {IMPORT_STRATEGIES.map((choice) => (
          <Radio key={choice} value={choice}>
            <Flex vertical>
              <Typography.Text strong>{t(`imports.strategies.${choice}.title`)}</Typography.Text>
              <Typography.Text type="secondary">{t(`imports.strategies.${choice}.explained`)}</Typography.Text>
            </Flex>
          </Radio>
        ))}
      </Radio.Group>
      <Checkbox checked={createSimilar} onChange={(event) => onChange(strategy, event.target.checked)} data-testid="import-create-similar">
        {t("imports.duplicates.createSimilar")}
      </Checkbox>
      <Typography.Text type="secondary">{t("imports.duplicates.similarHint")}</Typography.Text>
    </Flex>
  );
};
