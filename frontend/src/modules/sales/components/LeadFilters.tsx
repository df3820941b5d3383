import { Checkbox, Input, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { MultiSelectFilter } from "../../ui/components/ListFilters";
import { LEAD_STATUSES } from "../constants/leadStatuses";
import type { LeadListFilters } from "../utils/leadFiltersFromSearchParams";
import { SalesForceSelect } from "./SalesForceSelect";

type LeadFiltersProps = {
  filters: LeadListFilters;
  showOwner: boolean;
  onChange: (filters: LeadListFilters) => void;
};

/** Name or company, status, owner, source and "unassigned only" filters of the lead list. */
export const LeadFilters = ({ filters, showOwner, onChange }: LeadFiltersProps) => {
  const { t } = useTranslation("sales");
  const [source, setSource] = useState(filters.source);
  const [search, setSearch] = useState(filters.search);
  return (
    <Space wrap>
      <Input.Search
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onSearch={(value) => onChange({ ...filters, search: value.trim() })}
        placeholder={t("leads.searchPlaceholder")}
        allowClear
        style={{ width: 200 }}
        aria-label={t("leads.searchPlaceholder")}
        data-testid="lead-search-filter"
      />
      <MultiSelectFilter
        label={t("leads.status")}
        placeholder={t("leads.allStatuses")}
        value={filters.statuses}
        onChange={(statuses) => onChange({ ...filters, statuses })}
        options={LEAD_STATUSES.map((status) => ({ value: status, label: t(`leadStatus.${status}`) }))}
        minWidth={220}
        testId="lead-status-filter"
      />
      {showOwner && (
        <SalesForceSelect
          value={filters.ownerId}
          onChange={(ownerId) => onChange({ ...filters, ownerId, unassigned: false })}
          placeholder={t("leads.allOwners")}
          allowClear
          style={{ width: 200 }}
          data-testid="lead-owner-filter"
        />
      )}
      <Input.Search
        value={source}
        onChange={(event) => setSource(event.target.value)}
        onSearch={(value) => onChange({ ...filters, source: value.trim() })}
        placeholder={t("leads.sourcePlaceholder")}
        allowClear
        style={{ width: 200 }}
        aria-label={t("leads.source")}
        data-testid="lead-source-filter"
      />
      <Checkbox
        checked={filters.unassigned}
        onChange={(event) => onChange({ ...filters, unassigned: event.target.checked, ownerId: null })}
        data-testid="lead-unassigned-filter"
      >
        {t("leads.unassignedOnly")}
      </Checkbox>
    </Space>
  );
};
