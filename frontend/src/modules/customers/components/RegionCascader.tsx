import { Cascader } from "antd";
import { useTranslation } from "react-i18next";

import { useRegionsQuery } from "../hooks/useRegionsQuery";
import { regionMatches, regionOptions, type RegionOption } from "../utils/regionOptions";

export type RegionValue = string[];

type RegionCascaderProps = {
  value?: RegionValue;
  onChange?: (value: RegionValue) => void;
  disabled?: boolean;
  testId?: string;
};

/** Province, then (optionally) city, from the standard list; typing 上海, 上海市 or Shanghai finds it. */
export const RegionCascader = ({ value, onChange, disabled, testId = "region-cascader" }: RegionCascaderProps) => {
  const { t, i18n } = useTranslation("customers");
  const { regions, want } = useRegionsQuery();
  const options = regionOptions(regions, i18n.language);
  return (
    <Cascader<RegionOption>
      options={options}
      value={value}
      onChange={(next) => onChange?.((next ?? []).map(String))}
      changeOnSelect
      onOpenChange={(open) => open && want()}
      onFocus={want}
      allowClear
      disabled={disabled}
      placeholder={t("region.placeholder")}
      showSearch={{ filter: (input, path) => path.some((option) => regionMatches(input, option)) }}
      style={{ width: "100%" }}
      aria-label={t("region.label")}
      data-testid={testId}
    />
  );
};

/** The form's region as the API takes it: province and city (a value typed before regions were standard stays). */
export const regionParts = (value: RegionValue | undefined) => ({ province: value?.[0] || undefined, city: value?.[1] || undefined });

/** A stored province and city as the picker's value. */
export const regionValue = (province: string | null | undefined, city: string | null | undefined): RegionValue =>
  [province, city].filter((part): part is string => Boolean(part));
