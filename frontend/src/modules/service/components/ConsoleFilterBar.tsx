import { ClearOutlined } from "@ant-design/icons";
import { Button, Flex, Select } from "antd";
import { useTranslation } from "react-i18next";

import { CategoryLabel } from "./CategoryLabel";
import type { ConsoleFilters } from "../utils/consoleFilters";
import { KNOWN_CATEGORIES, PRIORITIES, TICKET_STATUSES } from "../utils/ticketStatuses";

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

/** Status, priority, category, queue and assignee filters; every change goes to the URL. */
export const ConsoleFilterBar = ({ filters, onChange, queues, agents, seenCategories }: ConsoleFilterBarProps) => {
  const { t } = useTranslation("service");
  const categories = [...new Set<string>([...KNOWN_CATEGORIES, ...seenCategories, ...filters.categories])];
  const filtered =
    filters.statuses.length + filters.priorities.length + filters.categories.length > 0 ||
    filters.queueId !== null ||
    filters.assigneeId !== null;

  return (
    <Flex wrap gap={8} align="center" data-testid="console-filters">
      <Select
        mode="multiple"
        allowClear
        style={{ minWidth: 180 }}
        placeholder={t("filters.status")}
        aria-label={t("filters.status")}
        value={filters.statuses}
        onChange={(statuses) => onChange({ ...filters, statuses })}
        options={TICKET_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))}
        data-testid="filter-status"
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        style={{ minWidth: 160 }}
        placeholder={t("filters.priority")}
        aria-label={t("filters.priority")}
        value={filters.priorities}
        onChange={(priorities) => onChange({ ...filters, priorities })}
        options={PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
        data-testid="filter-priority"
        maxTagCount="responsive"
      />
      <Select
        mode="multiple"
        allowClear
        style={{ minWidth: 160 }}
        placeholder={t("filters.category")}
        aria-label={t("filters.category")}
        value={filters.categories}
        onChange={(selected: string[]) => onChange({ ...filters, categories: selected })}
        options={categories.map((category) => ({ value: category, label: <CategoryLabel category={category} /> }))}
        data-testid="filter-category"
        maxTagCount="responsive"
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
      {filtered && (
        <Button
          icon={<ClearOutlined />}
          onClick={() =>
            onChange({ list: filters.list, statuses: [], priorities: [], categories: [], queueId: null, assigneeId: null })
          }
          data-testid="filter-clear"
        >
          {t("filters.clear")}
        </Button>
      )}
    </Flex>
  );
};
