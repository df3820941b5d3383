import { Flex, Select } from "antd";
import { useTranslation } from "react-i18next";

import type { CustomerFilterOptionsQuery } from "../../../generated/graphql";
import { DayRangeFilter } from "../../ui/components/ListFilters";
import { CUSTOMER_KINDS, CUSTOMER_STATUSES, GRADES, POOL_STATUSES, SEGMENTS } from "../constants/customerEnums";
import { useRegionsQuery } from "../hooks/useRegionsQuery";
import type { CustomerFilterKey } from "../utils/customerAccess";
import type { CustomerListParams } from "../utils/customerListParams";
import { provinceOptions } from "../utils/regionOptions";

type CustomerFilterBarProps = {
  params: CustomerListParams;
  usable: ReadonlySet<CustomerFilterKey>;
  options: CustomerFilterOptionsQuery | undefined;
  onChange: (changes: Partial<CustomerListParams>) => void;
};

type ListFilterKey = Exclude<CustomerFilterKey, "created">;

const SELECT_STYLE = { minWidth: 150, maxWidth: 320 };

/** One select per filter the viewer may use; every change goes to the URL through `onChange`. */
export const CustomerFilterBar = ({ params, usable, options, onChange }: CustomerFilterBarProps) => {
  const { t, i18n } = useTranslation("customers");
  const { regions, want: wantRegions } = useRegionsQuery();

  const enumOptions = {
    kinds: CUSTOMER_KINDS.map((value) => ({ value, label: t(`kind.${value}`) })),
    statuses: CUSTOMER_STATUSES.map((value) => ({ value, label: t(`status.${value}`) })),
    grades: GRADES.map((value) => ({ value, label: t(`grade.${value}`) })),
    rfmSegments: SEGMENTS.map((value) => ({ value, label: t(`segment.${value}`) })),
    poolStatuses: POOL_STATUSES.map((value) => ({ value, label: t(`poolStatus.${value}`) })),
  };
  const groupOptions = (groups: ReadonlyArray<{ key: string | null; customers: number }> | undefined) =>
    (groups ?? []).flatMap((group) => (group.key ? [{ value: group.key, label: `${group.key} (${group.customers})` }] : []));
  const listOptions: Record<ListFilterKey, Array<{ value: string; label: string }>> = {
    ...enumOptions,
    // The standard list (上海市...), counted where customers have it, and any other value customers have.
    provinces: provinceOptions(regions, i18n.language, [
      ...(options?.provinces?.groups ?? []).flatMap((group) => (group.key ? [group.key] : [])),
      ...params.provinces,
    ]).map((option) => {
      const count = options?.provinces?.groups.find((group) => group.key === option.value)?.customers;
      return count === undefined ? option : { ...option, label: `${option.label} (${count})` };
    }),
    industries: groupOptions(options?.industries?.groups),
    ownerIds: (options?.salesForce ?? []).map((user) => ({ value: user.id, label: user.name })),
    tags: (options?.tags ?? []).map((tag) => ({ value: tag.name, label: tag.name })),
  };
  // Typed values are kept: provinces (the server reads 上海 as 上海市), industries and tags.
  const typed: ReadonlySet<ListFilterKey> = new Set(["provinces", "industries", "tags"]);
  const order: ListFilterKey[] = ["statuses", "grades", "kinds", "ownerIds", "provinces", "industries", "tags", "rfmSegments", "poolStatuses"];

  return (
    <Flex wrap gap={8} data-testid="customer-filters">
      {order
        .filter((key) => usable.has(key))
        // Owners are chosen by id: without a list of people there is nothing to pick from.
        .filter((key) => key !== "ownerIds" || listOptions.ownerIds.length > 0 || params.ownerIds.length > 0)
        .map((key) => (
          <Select<string[]>
            key={key}
            mode={typed.has(key) ? "tags" : "multiple"}
            allowClear
            maxTagCount={2}
            placeholder={t(`filters.${key}`)}
            aria-label={t(`filters.${key}`)}
            style={SELECT_STYLE}
            options={listOptions[key]}
            optionFilterProp="label"
            value={params[key]}
            onChange={(values) => onChange({ [key]: values })}
            onOpenChange={key === "provinces" ? (open) => open && wantRegions() : undefined}
            data-testid={`filter-${key}`}
          />
        ))}
      {usable.has("created") && (
        <DayRangeFilter
          label={t("filters.created")}
          from={params.createdFrom}
          to={params.createdTo}
          onChange={(createdFrom, createdTo) => onChange({ createdFrom, createdTo })}
          testId="filter-created"
        />
      )}
    </Flex>
  );
};
