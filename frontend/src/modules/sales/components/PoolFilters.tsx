import { Select, Space } from "antd";
import { useTranslation } from "react-i18next";

import { POOL_GRADES, type PoolListFilters } from "../utils/poolFiltersFromSearchParams";

type PoolFiltersProps = {
  filters: PoolListFilters;
  onChange: (filters: PoolListFilters) => void;
};

/** Province, grade and industry filters of the pool; provinces and industries are typed (Enter adds one). */
export const PoolFilters = ({ filters, onChange }: PoolFiltersProps) => {
  const { t } = useTranslation("sales");
  return (
    <Space wrap>
      <Select
        mode="tags"
        value={filters.provinces}
        onChange={(provinces: string[]) => onChange({ ...filters, provinces })}
        placeholder={t("pool.provincePlaceholder")}
        tokenSeparators={[",", "，"]}
        notFoundContent={null}
        allowClear
        style={{ minWidth: 200 }}
        aria-label={t("pool.province")}
        data-testid="pool-province-filter"
      />
      <Select
        mode="multiple"
        value={filters.grades}
        onChange={(grades) => onChange({ ...filters, grades })}
        options={POOL_GRADES.map((grade) => ({ value: grade, label: t("pool.gradeValue", { grade }) }))}
        placeholder={t("pool.allGrades")}
        allowClear
        style={{ minWidth: 160 }}
        aria-label={t("pool.grade")}
        data-testid="pool-grade-filter"
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
