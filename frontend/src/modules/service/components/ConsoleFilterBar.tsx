import { ClearOutlined } from "@ant-design/icons";
import { Button, Checkbox, Flex, Select } from "antd";
import { useTranslation } from "react-i18next";

import { DayRangeFilter, MultiSelectFilter } from "../../ui/components/ListFilters";
import { CategoryLabel } from "./CategoryLabel";
import { clearedConsoleFilters, type ConsoleFilters } from "../utils/consoleFilters";
import { CHANNELS, KNOWN_CATEGORIES, PRIORITIES, TICKET_STATUSES } from "../utils/ticketStatuses";

type Option = { value: string; label: string };

type ConsoleFilterBarProps = {
  filters: ConsoleFilters;
  onChange: (filters: ConsoleFilters) => void;
  /** Service teams; the queue filter shows when there is a choice. */
  queues: Option[];
  /** Agents; the assignee filter shows in a supervisor's queue tab only. */
  agents: Option[] | null;
  /** Categories seen on loaded tickets, besides the known ones. */
  seenCategories: string[];
};

/** Status, priority, category, channel, queue, assignee, escalation and creation-day filters; every change goes to
 * the URL. */
export const ConsoleFilterBar = ({ filters, onChange, queues, agents, seenCategories }: ConsoleFilterBarProps) => {
  const { t } = useTranslation("service");
  const categories = [...new Set<string>([...KNOWN_CATEGORIES, ...seenCategories, ...filters.categories])];
  const filtered = JSON.stringify(clearedConsoleFilters(filters)) !== JSON.stringify(filters);

  return (
    <Flex wrap gap={8} align="center" data-testid="console-filters">
      <MultiSelectFilter
        label={t("filters.status")}
        value={filters.statuses}
        onChange={(statuses) => onChange({ ...filters, statuses })}
        options={TICKET_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
        minWidth={180}
        testId="filter-status"
      />
      <MultiSelectFilter
        label={t("filters.priority")}
        value={filters.priorities}
        onChange={(priorities) => onChange({ ...filters, priorities })}
        options={PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
        minWidth={160}
        testId="filter-priority"
      />
      <MultiSelectFilter
        label={t("filters.category")}
        value={filters.categories}
        onChange={(selected) => onChange({ ...filters, categories: selected })}
        options={categories.map((category) => ({ value: category, label: <CategoryLabel category={category} /> }))}
        minWidth={160}
        testId="filter-category"
      />
      <MultiSelectFilter
        label={t("filters.channel")}
        value={filters.channels}
        onChange={(channels) => onChange({ ...filters, channels })}
        options={CHANNELS.map((channel) => ({ value: channel, label: t(`channel.${channel}`) }))}
        minWidth={140}
        testId="filter-channel"
      />
      <DayRangeFilter
        label={t("filters.created")}
        from={filters.createdFrom}
        to={filters.createdTo}
        onChange={(createdFrom, createdTo) => onChange({ ...filters, createdFrom, createdTo })}
        testId="filter-created"
      />
      {queues.length > 1 && (
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t("filters.queue")}
          aria-label={t("filters.queue")}
          value={filters.queueId}
          onChange={(queueId?: string | null) => onChange({ ...filters, queueId: queueId ?? null })}
          options={queues}
          data-testid="filter-queue"
        />
      )}
      {agents && (
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          style={{ minWidth: 160 }}
          placeholder={t("filters.assignee")}
          aria-label={t("filters.assignee")}
          value={filters.assigneeId}
          onChange={(assigneeId?: string | null) => onChange({ ...filters, assigneeId: assigneeId ?? null })}
          options={agents}
          data-testid="filter-assignee"
        />
      )}
      {filters.statuses.length === 0 && (
        <Checkbox
          checked={filters.includeClosed}
          onChange={(event) => onChange({ ...filters, includeClosed: event.target.checked })}
          data-testid="filter-include-closed"
        >
          {t("filters.includeClosed")}
        </Checkbox>
      )}
      <Checkbox
        checked={filters.escalatedOnly}
        onChange={(event) => onChange({ ...filters, escalatedOnly: event.target.checked })}
        data-testid="filter-escalated"
      >
        {t("filters.escalatedOnly")}
      </Checkbox>
      {filtered && (
        <Button
          icon={<ClearOutlined />}
          onClick={() => onChange(clearedConsoleFilters(filters))}
          data-testid="filter-clear"
        >
          {t("filters.clear")}
        </Button>
      )}
    </Flex>
  );
};
