import { Select, Space } from "antd";
import { useTranslation } from "react-i18next";

import { MultiSelectFilter } from "../../ui/components/ListFilters";
import { useRegionsQuery } from "../../customers/hooks/useRegionsQuery";
import { provinceOptions } from "../../customers/utils/regionOptions";
import { POOL_GRADES, type PoolListFilters } from "../utils/poolFiltersFromSearchParams";

type PoolFiltersProps = {
  filters: PoolListFilters;
  onChange: (filters: PoolListFilters) => void;
};

/** Province, grade and industry filters of the pool; provinces and industries are typed (Enter adds one). */
export const PoolFilters = ({ filters, onChange }: PoolFiltersProps) => {
  const { t, i18n } = useTranslation("sales");
  const { regions, want: wantRegions } = useRegionsQuery();
  return (
    <Space wrap>
      <Select
        mode="tags"
        value={filters.provinces}
        onChange={(provinces: string[]) => onChange({ ...filters, provinces })}
        placeholder={t("pool.provincePlaceholder")}
        tokenSeparators={[",", "，"]}
        options={provinceOptions(regions, i18n.language, filters.provinces)}
        onOpenChange={(open) => open && wantRegions()}
        optionFilterProp="label"
        notFoundContent={null}
        allowClear
        style={{ minWidth: 200 }}
        aria-label={t("pool.province")}
        data-testid="pool-province-filter"
      />
      <MultiSelectFilter
        label={t("pool.grade")}
        placeholder={t("pool.allGrades")}
        value={filters.grades}
        onChange={(grades) => onChange({ ...filters, grades })}
        options={POOL_GRADES.map((grade) => ({ value: grade, label: t("pool.gradeValue", { grade }) }))}
        testId="pool-grade-filter"
      />
      <Select
        mode="tags"
        value={filters.industries}
        onChange={(industries: string[]) => onChange({ ...filters, industries })}
        placeholder={t("pool.industryPlaceholder")}
        tokenSeparators={[",", "，"]}
        notFoundContent={null}
        allowClear
        style={{ minWidth: 200 }}
        aria-label={t("pool.industry")}
        data-testid="pool-industry-filter"
      />
    </Space>
  );
};
