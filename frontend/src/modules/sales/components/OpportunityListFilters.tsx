import { ClearOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Tag } from "antd";
import { useTranslation } from "react-i18next";

import { DayRangeFilter, MultiSelectFilter } from "../../ui/components/ListFilters";
import type { PipelineStage } from "../types/PipelineStage";
import {
  EMPTY_OPPORTUNITY_LIST_PARAMS,
  hasOpportunityFilters,
  OPPORTUNITY_STATUSES,
  type OpportunityListParams,
} from "../utils/opportunityListParams";
import { SalesForceSelect } from "./SalesForceSelect";

type OpportunityListFiltersProps = {
  params: OpportunityListParams;
  stages: readonly PipelineStage[];
  showOwner: boolean;
  onChange: (changes: Partial<OpportunityListParams>) => void;
};

/** Search, status, current stage, owner and the opened / closed days; a drill-down's other conditions as tags. */
export const OpportunityListFilters = ({ params, stages, showOwner, onChange }: OpportunityListFiltersProps) => {
  const { t } = useTranslation("sales");
  const reached = params.reachedStage ? stages.find((stage) => stage.key === params.reachedStage) : null;
  return (
    <Flex wrap gap={8} align="center" data-testid="opportunity-filters">
      <Input.Search
        key={params.search}
        defaultValue={params.search}
        allowClear
        placeholder={t("opportunityList.search")}
        aria-label={t("opportunityList.search")}
        onSearch={(search) => onChange({ search: search.trim() })}
        style={{ width: 220, maxWidth: "100%" }}
        data-testid="opportunity-search"
      />
      <MultiSelectFilter
        label={t("opportunityList.status")}
        value={params.statuses}
        onChange={(statuses) => onChange({ statuses })}
        options={OPPORTUNITY_STATUSES.map((status) => ({ value: status, label: t(`opportunityList.statuses.${status}`) }))}
        minWidth={140}
        testId="opportunity-filter-status"
      />
      <MultiSelectFilter
        label={t("opportunityList.stage")}
        value={params.stages}
        onChange={(keys) => onChange({ stages: keys })}
        options={stages.map((stage) => ({ value: stage.key, label: stage.name }))}
        testId="opportunity-filter-stage"
      />
      {showOwner && (
        <SalesForceSelect
          allowClear
          value={params.ownerIds[0] ?? null}
          onChange={(ownerId) => onChange({ ownerIds: ownerId ? [ownerId] : [] })}
          placeholder={t("opportunityList.owner")}
          style={{ minWidth: 160 }}
          data-testid="opportunity-filter-owner"
        />
      )}
      <DayRangeFilter
        label={t("opportunityList.created")}
        from={params.createdFrom}
        to={params.createdTo}
        onChange={(createdFrom, createdTo) => onChange({ createdFrom, createdTo })}
        testId="opportunity-filter-created"
      />
      <DayRangeFilter
        label={t("opportunityList.closed")}
        from={params.closedFrom}
        to={params.closedTo}
        onChange={(closedFrom, closedTo) => onChange({ closedFrom, closedTo })}
        testId="opportunity-filter-closed"
      />
      {params.reachedStage && (
        <Tag closable onClose={() => onChange({ reachedStage: null })} data-testid="opportunity-filter-reached">
          {t("opportunityList.reached", { stage: reached ? reached.name : params.reachedStage })}
        </Tag>
      )}
      {params.provinces.map((province) => (
        <Tag
          key={province}
          closable
          onClose={() => onChange({ provinces: params.provinces.filter((other) => other !== province) })}
          data-testid="opportunity-filter-province"
        >
          {t("opportunityList.province", { province })}
        </Tag>
      ))}
      {hasOpportunityFilters(params) && (
        <Button icon={<ClearOutlined />} onClick={() => onChange(EMPTY_OPPORTUNITY_LIST_PARAMS)} data-testid="opportunity-filters-clear">
          {t("opportunityList.clear")}
        </Button>
      )}
    </Flex>
  );
};
