import dayjs from "dayjs";

import type { OpportunityFilter, OpportunityStatus } from "../../../generated/graphql";

export const OPPORTUNITY_STATUSES: readonly OpportunityStatus[] = ["OPEN", "WON", "LOST"];

/**
 * The opportunity list's state, as the URL holds it (a filtered list is a shareable link, and the dashboards'
 * drill-down links are built from it). Stages are named by key; days are YYYY-MM-DD, both ends inclusive, in
 * China time as the sales figures count them.
 */
export type OpportunityListParams = {
  search: string;
  statuses: OpportunityStatus[];
  /** In any of these stages now (stage keys). */
  stages: string[];
  /** Reached this stage or a later one at some time (a stage key): what the funnel counts. */
  reachedStage: string | null;
  ownerIds: string[];
  /** The customer's province. */
  provinces: string[];
  createdFrom: string | null;
  createdTo: string | null;
  closedFrom: string | null;
  closedTo: string | null;
};

/** URL parameter of each part of the state: the one place links and the page agree on. */
const KEYS = {
  search: "q",
  statuses: "status",
  stages: "stage",
  reachedStage: "reached",
  ownerIds: "owner",
  provinces: "province",
  createdFrom: "from",
  createdTo: "to",
  closedFrom: "closedFrom",
  closedTo: "closedTo",
} as const satisfies Record<keyof OpportunityListParams, string>;

const LISTS = ["statuses", "stages", "ownerIds", "provinces"] as const;
const DAYS = ["createdFrom", "createdTo", "closedFrom", "closedTo"] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string | null): string | null =>
  value && DAY.test(value) && dayjs(value).format("YYYY-MM-DD") === value ? value : null;

const texts = (values: string[]): string[] => [...new Set(values.map((value) => value.trim()).filter(Boolean))];

const isStatus = (value: string): value is OpportunityStatus => (OPPORTUNITY_STATUSES as readonly string[]).includes(value);

export const parseOpportunityListParams = (params: URLSearchParams): OpportunityListParams => ({
  search: params.get(KEYS.search)?.trim() ?? "",
  statuses: texts(params.getAll(KEYS.statuses)).filter(isStatus),
  stages: texts(params.getAll(KEYS.stages)),
  reachedStage: params.get(KEYS.reachedStage)?.trim() || null,
  ownerIds: texts(params.getAll(KEYS.ownerIds)),
  provinces: texts(params.getAll(KEYS.provinces)),
  createdFrom: day(params.get(KEYS.createdFrom)),
  createdTo: day(params.get(KEYS.createdTo)),
  closedFrom: day(params.get(KEYS.closedFrom)),
  closedTo: day(params.get(KEYS.closedTo)),
});

/** The URL query of a state; what is not set is left out. */
export const opportunityListSearchParams = (state: OpportunityListParams): URLSearchParams => {
  const params = new URLSearchParams();
  if (state.search.trim()) params.set(KEYS.search, state.search.trim());
  for (const key of LISTS) for (const value of state[key]) params.append(KEYS[key], value);
  if (state.reachedStage) params.set(KEYS.reachedStage, state.reachedStage);
  for (const key of DAYS) {
    const value = state[key];
    if (value) params.set(KEYS[key], value);
  }
  return params;
};

export const EMPTY_OPPORTUNITY_LIST_PARAMS: OpportunityListParams = parseOpportunityListParams(new URLSearchParams());

/** A link to the opportunity list showing this state (the rest at its defaults). */
export const opportunityListPath = (state: Partial<OpportunityListParams>): string => {
  const query = opportunityListSearchParams({ ...EMPTY_OPPORTUNITY_LIST_PARAMS, ...state }).toString();
  return query ? `/opportunities?${query}` : "/opportunities";
};

/** True when anything narrows the list. */
export const hasOpportunityFilters = (state: OpportunityListParams): boolean =>
  opportunityListSearchParams(state).toString() !== "";

/** A well-formed stage id that no stage has. */
const NO_STAGE = btoa("PipelineStage:00000000-0000-0000-0000-000000000000").replace(/=+$/, "");

const dayAfter = (value: string): string => dayjs(value).add(1, "day").format("YYYY-MM-DD");

/**
 * The `opportunities` filter of a state, given the stages' ids by key. A stage key the pipeline does not have
 * matches nothing (an unknown id), so a stale link shows an empty list rather than every deal.
 */
export const opportunityListFilter = (state: OpportunityListParams, stageIds: ReadonlyMap<string, string>): OpportunityFilter => {
  const stageId = (key: string) => stageIds.get(key) ?? NO_STAGE;
  return {
    search: state.search || null,
    statuses: state.statuses.length > 0 ? state.statuses : null,
    stageIds: state.stages.length > 0 ? state.stages.map(stageId) : null,
    reachedStageId: state.reachedStage ? stageId(state.reachedStage) : null,
    ownerIds: state.ownerIds.length > 0 ? state.ownerIds : null,
    provinces: state.provinces.length > 0 ? state.provinces : null,
    createdFrom: state.createdFrom,
    createdTo: state.createdTo ? dayAfter(state.createdTo) : null,
    closedFrom: state.closedFrom,
    closedTo: state.closedTo ? dayAfter(state.closedTo) : null,
  };
};
