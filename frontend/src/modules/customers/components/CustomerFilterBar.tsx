import { DatePicker, Flex, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

import type { CustomerFilterOptionsQuery } from "../../../generated/graphql";
import { CUSTOMER_KINDS, CUSTOMER_STATUSES, GRADES, POOL_STATUSES, SEGMENTS } from "../constants/customerEnums";
import type { CustomerFilterKey } from "../utils/customerAccess";
import type { CustomerListParams } from "../utils/customerListParams";

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
  const { t } = useTranslation("customers");

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
    provinces: groupOptions(options?.provinces?.groups),
    industries: groupOptions(options?.industries?.groups),
    ownerIds: (options?.salesForce ?? []).map((user) => ({ value: user.id, label: user.name })),
    tags: (options?.tags ?? []).map((tag) => ({ value: tag.name, label: tag.name })),
  };
  // Free text where the server offers no list of choices (provinces, industries and tags can be typed in).
  const typed: ReadonlySet<ListFilterKey> = new Set(["provinces", "industries", "tags"]);
  const order: ListFilterKey[] = ["statuses", "grades", "kinds", "ownerIds", "provinces", "industries", "tags", "rfmSegments", "poolStatuses"];

  const range: [Dayjs | null, Dayjs | null] | null =
    params.createdFrom || params.createdTo
      ? [params.createdFrom ? dayjs(params.createdFrom) : null, params.createdTo ? dayjs(params.createdTo) : null]
      : null;

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
            data-testid={`filter-${key}`}
          />
        ))}
      {usable.has("created") && (
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range}
          placeholder={[t("filters.created"), t("filters.created")]}
          aria-label={t("filters.created")}
          onChange={(dates) =>
            onChange({
              createdFrom: dates?.[0]?.format("YYYY-MM-DD") ?? null,
              createdTo: dates?.[1]?.format("YYYY-MM-DD") ?? null,
            })
          }
          data-testid="filter-created"
        />
      )}
    </Flex>
  );
};
