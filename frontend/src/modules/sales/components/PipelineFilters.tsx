import { Input, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { SalesForceSelect } from "./SalesForceSelect";

type PipelineFiltersProps = {
  search: string;
  ownerId: string | null;
  /** Managers and directors (and anyone seeing more than their own deals) filter by owner. */
  showOwner: boolean;
  onChange: (next: { search: string; ownerId: string | null }) => void;
};

/** The board's filters: words in the deal's name, and its owner. */
export const PipelineFilters = ({ search, ownerId, showOwner, onChange }: PipelineFiltersProps) => {
  const { t } = useTranslation("sales");
  const [typed, setTyped] = useState(search);
  return (
    <Space wrap>
      <Input.Search
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
        onSearch={(value) => onChange({ search: value.trim(), ownerId })}
        placeholder={t("pipeline.searchPlaceholder")}
        allowClear
        style={{ width: 260 }}
        aria-label={t("pipeline.searchPlaceholder")}
        data-testid="pipeline-search"
      />
      {showOwner && (
        <SalesForceSelect
          value={ownerId}
          onChange={(next) => onChange({ search, ownerId: next })}
          placeholder={t("pipeline.allOwners")}
          allowClear
          style={{ width: 220 }}
          data-testid="pipeline-owner-filter"
        />
      )}
    </Space>
  );
};
