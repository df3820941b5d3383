import dayjs from "dayjs";

import type {
  CustomerFilter,
  CustomerKind,
  CustomerOrderBy,
  CustomerStatus,
  Grade,
  PoolStatus,
  RfmSegment,
  SortDirection,
} from "../../../generated/graphql";
import {
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEFAULT_PAGE_SIZE,
  GRADES,
  PAGE_SIZES,
  POOL_STATUSES,
  SEGMENTS,
  SORT_DIRECTIONS,
  SORT_KEYS,
} from "../constants/customerEnums";
import type { CustomerFilterKey, CustomerSortKey } from "./customerAccess";

/** The list's whole state, as the URL holds it (so a filtered, sorted list is a shareable link). */
export type CustomerListParams = {
  search: string;
  kinds: CustomerKind[];
  statuses: CustomerStatus[];
  grades: Grade[];
  provinces: string[];
  industries: string[];
  ownerIds: string[];
  tags: string[];
  rfmSegments: RfmSegment[];
  poolStatuses: PoolStatus[];
  /** YYYY-MM-DD, inclusive. */
  createdFrom: string | null;
  /** YYYY-MM-DD, inclusive. */
  createdTo: string | null;
  sort: CustomerSortKey | null;
  direction: SortDirection;
  after: string | null;
  size: number;
};

/** URL parameter of each part of the state. */
const KEYS = {
  search: "q",
  kinds: "kind",
  statuses: "status",
  grades: "grade",
  provinces: "province",
  industries: "industry",
  ownerIds: "owner",
  tags: "tag",
  rfmSegments: "rfm",
  poolStatuses: "pool",
  createdFrom: "from",
  createdTo: "to",
  sort: "sort",
  direction: "dir",
  after: "after",
  size: "size",
} as const satisfies Record<keyof CustomerListParams, string>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  values.filter((value): value is T => (allowed as readonly string[]).includes(value));

const texts = (values: string[]): string[] => [...new Set(values.map((value) => value.trim()).filter(Boolean))];

const date = (value: string | null): string | null =>
  value && DATE.test(value) && dayjs(value).format("YYYY-MM-DD") === value ? value : null;

export const parseCustomerListParams = (params: URLSearchParams): CustomerListParams => {
  const sort = params.get(KEYS.sort);
  const size = Number(params.get(KEYS.size));
  return {
    search: params.get(KEYS.search)?.trim() ?? "",
    kinds: oneOf(CUSTOMER_KINDS, params.getAll(KEYS.kinds)),
    statuses: oneOf(CUSTOMER_STATUSES, params.getAll(KEYS.statuses)),
    grades: oneOf(GRADES, params.getAll(KEYS.grades)),
    provinces: texts(params.getAll(KEYS.provinces)),
    industries: texts(params.getAll(KEYS.industries)),
    ownerIds: texts(params.getAll(KEYS.ownerIds)),
    tags: texts(params.getAll(KEYS.tags)),
    rfmSegments: oneOf(SEGMENTS, params.getAll(KEYS.rfmSegments)),
    poolStatuses: oneOf(POOL_STATUSES, params.getAll(KEYS.poolStatuses)),
    createdFrom: date(params.get(KEYS.createdFrom)),
    createdTo: date(params.get(KEYS.createdTo)),
    sort: oneOf(SORT_KEYS, sort ? [sort] : [])[0] ?? null,
    direction: oneOf(SORT_DIRECTIONS, [params.get(KEYS.direction)?.toUpperCase() ?? ""])[0] ?? "DESC",
    after: params.get(KEYS.after) || null,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
};

/** The URL query of a state; defaults are left out so links stay short. */
export const customerListSearchParams = (state: CustomerListParams): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.search.trim()) params.set(KEYS.search, state.search.trim());
  const lists = ["kinds", "statuses", "grades", "provinces", "industries", "ownerIds", "tags", "rfmSegments", "poolStatuses"] as const;
  for (const key of lists) for (const value of state[key]) params.append(KEYS[key], value);
  if (state.createdFrom) params.set(KEYS.createdFrom, state.createdFrom);
  if (state.createdTo) params.set(KEYS.createdTo, state.createdTo);
  if (state.sort) {
    params.set(KEYS.sort, state.sort);
    params.set(KEYS.direction, state.direction.toLowerCase());
  }
  if (state.size !== DEFAULT_PAGE_SIZE) params.set(KEYS.size, String(state.size));
  if (state.after) params.set(KEYS.after, state.after);
  return params;
};

export const EMPTY_CUSTOMER_LIST_PARAMS: CustomerListParams = parseCustomerListParams(new URLSearchParams());

/** A link to the customer list showing this state (the rest at its defaults): what every link to the list uses. */
export const customerListPath = (state: Partial<CustomerListParams>): string => {
  const query = customerListSearchParams({ ...EMPTY_CUSTOMER_LIST_PARAMS, ...state }).toString();
  return query ? `/customers?${query}` : "/customers";
};

/** True when any filter or the search narrows the list. */
export const hasCustomerFilters = (state: CustomerListParams): boolean =>
  Boolean(state.search) ||
  Boolean(state.createdFrom || state.createdTo) ||
  (["kinds", "statuses", "grades", "provinces", "industries", "ownerIds", "tags", "rfmSegments", "poolStatuses"] as const).some(
    (key) => state[key].length > 0,
  );

export type CustomerListRequest = {
  first: number;
  after: string | null;
  filter: CustomerFilter | null;
  orderBy: CustomerOrderBy | null;
  search: string | null;
  /** Filters in the URL this viewer may not use (left out of the request). */
  ignored: CustomerFilterKey[];
  /** The search in the URL needs access the viewer lacks (left out of the request). */
  searchIgnored: boolean;
};

type RequestOptions = {
  usableFilters: ReadonlySet<CustomerFilterKey>;
  canSort: (key: CustomerSortKey) => boolean;
  canSearch: (text: string) => boolean;
};

/**
 * The `customers` arguments for a state: only filters, sort keys and searches this viewer may use are sent
 * (the server refuses the whole request otherwise). Dates are whole local days: `to` includes its day.
 */
export const customerListRequest = (
  state: CustomerListParams,
  { usableFilters, canSort, canSearch }: RequestOptions,
): CustomerListRequest => {
  const filter: CustomerFilter = {};
  const ignored: CustomerFilterKey[] = [];
  const put = <K extends CustomerFilterKey>(key: K, apply: () => void, present: boolean) => {
    if (!present) return;
    if (usableFilters.has(key)) apply();
    else ignored.push(key);
  };
  put("kinds", () => (filter.kinds = state.kinds), state.kinds.length > 0);
  put("statuses", () => (filter.statuses = state.statuses), state.statuses.length > 0);
  put("grades", () => (filter.grades = state.grades), state.grades.length > 0);
  put("provinces", () => (filter.provinces = state.provinces), state.provinces.length > 0);
  put("industries", () => (filter.industries = state.industries), state.industries.length > 0);
  put("ownerIds", () => (filter.ownerIds = state.ownerIds), state.ownerIds.length > 0);
  put("tags", () => (filter.tags = state.tags), state.tags.length > 0);
  put("rfmSegments", () => (filter.rfmSegments = state.rfmSegments), state.rfmSegments.length > 0);
  put("poolStatuses", () => (filter.poolStatuses = state.poolStatuses), state.poolStatuses.length > 0);
  put(
    "created",
    () => {
      if (state.createdFrom) filter.createdFrom = dayjs(state.createdFrom).startOf("day").toISOString();
      if (state.createdTo) filter.createdTo = dayjs(state.createdTo).add(1, "day").startOf("day").toISOString();
    },
    Boolean(state.createdFrom || state.createdTo),
  );
  const searchAllowed = state.search ? canSearch(state.search) : true;
  return {
    first: state.size,
    after: state.after,
    filter: Object.keys(filter).length > 0 ? filter : null,
    orderBy: state.sort && canSort(state.sort) ? { field: state.sort, direction: state.direction } : null,
    search: state.search && searchAllowed ? state.search : null,
    ignored,
    searchIgnored: !searchAllowed,
  };
};
