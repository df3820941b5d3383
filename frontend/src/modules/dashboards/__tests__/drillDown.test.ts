import { describe, expect, it } from "vitest";

import type { CustomerFilter, LeadFilter, OpportunityFilter, TicketFilter } from "../../../generated/graphql";
import { customerListRequest, customerListSearchParams, parseCustomerListParams } from "../../customers/utils/customerListParams";
import type { CustomerFilterKey } from "../../customers/utils/customerAccess";
import { approvalsPath, approvalTabOf } from "../../sales/utils/approvalsPath";
import { leadFilterOf, leadFiltersFromSearchParams, leadFiltersToSearchParams } from "../../sales/utils/leadFiltersFromSearchParams";
import {
  opportunityListFilter,
  opportunityListSearchParams,
  parseOpportunityListParams,
} from "../../sales/utils/opportunityListParams";
import { consoleFilterParams, parseConsoleFilters, shownList, ticketFilterFor } from "../../service/utils/consoleFilters";
import { startOfDayTimestamp } from "../utils/dashboardPeriod";
import { drillDowns, type DrillDownKind } from "../utils/drillDown";

const STAGES = new Map([
  ["needs_analysis", "UGlwZWxpbmVTdGFnZTpuYQ"],
  ["quote", "UGlwZWxpbmVTdGFnZTpxdW90ZQ"],
]);
const AGENT = { id: "VXNlcjphZ2VudA", supervisor: false };
const SUPERVISOR = { id: "VXNlcjpzdXA", supervisor: true };
const REP = "VXNlcjpyZXA";
/** A quarter as the dashboards hold it: first day, last day (inclusive), day after (what the API's `to` is). */
const Q1 = { from: "2026-01-01", last: "2026-03-31", to: "2026-04-01" };

/** What a list page does with its URL: how it reads it back, and the filter it then asks the server for. */
type Opened =
  | { page: "customers"; filter: CustomerFilter | null }
  | { page: "service"; filter: { agent: TicketFilter; supervisor: TicketFilter } }
  | { page: "opportunities"; filter: OpportunityFilter }
  | { page: "leads"; filter: LeadFilter }
  | { page: "approvals"; filter: { tab: string } };

const ALL_CUSTOMER_FILTERS = new Set<CustomerFilterKey>([
  "kinds",
  "statuses",
  "grades",
  "provinces",
  "industries",
  "ownerIds",
  "tags",
  "rfmSegments",
  "poolStatuses",
  "created",
]);

/**
 * Opens a link the way its page does: the page's own parser reads the query, and writing the state back must give
 * the same query (a parameter the page does not read would be lost, and fail here). Returns the filter sent.
 */
const open = (path: string | null): Opened => {
  expect(path).not.toBeNull();
  const url = new URL(path ?? "", "http://rapport.test");
  const query = url.searchParams.toString();
  const params = url.searchParams;
  switch (url.pathname) {
    case "/customers": {
      const state = parseCustomerListParams(params);
      expect(customerListSearchParams(state).toString()).toBe(query);
      const request = customerListRequest(state, { usableFilters: ALL_CUSTOMER_FILTERS, canSort: () => true, canSearch: () => true });
      return { page: "customers", filter: request.filter };
    }
    case "/service": {
      const state = parseConsoleFilters(params);
      expect(consoleFilterParams(state).toString()).toBe(query);
      const as = (viewer: typeof AGENT) => ticketFilterFor(shownList(state.list, viewer), state, viewer);
      return { page: "service", filter: { agent: as(AGENT), supervisor: as(SUPERVISOR) } };
    }
    case "/opportunities": {
      const state = parseOpportunityListParams(params);
      expect(opportunityListSearchParams(state).toString()).toBe(query);
      return { page: "opportunities", filter: opportunityListFilter(state, STAGES) };
    }
    case "/leads": {
      const state = leadFiltersFromSearchParams(params);
      expect(leadFiltersToSearchParams(state).toString()).toBe(query);
      return { page: "leads", filter: leadFilterOf(state) };
    }
    case "/approvals": {
      const tab = approvalTabOf(params);
      expect(approvalsPath(tab)).toBe(path);
      return { page: "approvals", filter: { tab } };
    }
    default:
      throw new Error(`${path} opens no list page`);
  }
};

/** The filter of every optional key left out, as the pages send them. */
const opportunities = (filter: Partial<OpportunityFilter>): Opened => ({
  page: "opportunities",
  filter: {
    search: null,
    statuses: null,
    stageIds: null,
    reachedStageId: null,
    ownerIds: null,
    provinces: null,
    createdFrom: null,
    createdTo: null,
    closedFrom: null,
    closedTo: null,
    ...filter,
  },
});

/** A ticket list's filter, the same for an agent and a supervisor (neither narrowed to their own or the unassigned). */
const tickets = (filter: Partial<TicketFilter>): Opened => {
  const full: TicketFilter = {
    openOnly: true,
    statuses: null,
    priorities: null,
    categories: null,
    channels: null,
    queueIds: null,
    escalatedOnly: false,
    createdFrom: null,
    createdTo: null,
    assigneeIds: null,
    ...filter,
  };
  return { page: "service", filter: { agent: full, supervisor: full } };
};

/** Every drill-down builder, with the figure's own filter: the list it opens must ask for exactly that. */
const CASES: Record<DrillDownKind, Array<[string | null, Opened]>> = {
  customerGroup: [
    [drillDowns.customerGroup("rfm", "high_value"), { page: "customers", filter: { rfmSegments: ["HIGH_VALUE"] } }],
    [drillDowns.customerGroup("rfm", "none"), { page: "customers", filter: { rfmSegments: ["NONE"] } }],
    [drillDowns.customerGroup("grade", "a"), { page: "customers", filter: { grades: ["A"] } }],
    [drillDowns.customerGroup("region", "上海市"), { page: "customers", filter: { provinces: ["上海市"] } }],
    [drillDowns.customerGroup("industry", "制造业"), { page: "customers", filter: { industries: ["制造业"] } }],
  ],
  // salesFunnel(from: Q1.from, to: Q1.to): deals opened in the quarter that reached the stage.
  funnelStep: [[drillDowns.funnelStep("quote", Q1), opportunities({ reachedStageId: STAGES.get("quote"), createdFrom: Q1.from, createdTo: Q1.to })]],
  // salesPerformance's won: deals closed won in the period (by month: in the month, within the period).
  wonDeals: [
    [drillDowns.wonDeals({ province: "浙江省" }, Q1), opportunities({ statuses: ["WON"], provinces: ["浙江省"], closedFrom: Q1.from, closedTo: Q1.to })],
    [drillDowns.wonDeals({ ownerId: REP }, Q1), opportunities({ statuses: ["WON"], ownerIds: [REP], closedFrom: Q1.from, closedTo: Q1.to })],
    [drillDowns.wonDeals({ month: "2026-02" }, Q1), opportunities({ statuses: ["WON"], closedFrom: "2026-02-01", closedTo: "2026-03-01" })],
    [
      drillDowns.wonDeals({ month: "2026-03" }, { from: "2026-03-10", last: "2026-06-09" }),
      opportunities({ statuses: ["WON"], closedFrom: "2026-03-10", closedTo: "2026-04-01" }),
    ],
  ],
  // salesPerformance's open: deals opened in the period and still open.
  openDeals: [[drillDowns.openDeals(REP, Q1), opportunities({ statuses: ["OPEN"], ownerIds: [REP], createdFrom: Q1.from, createdTo: Q1.to })]],
  // serviceStats' backlog: open tickets now, by status, whoever works them.
  openTickets: [
    [drillDowns.openTickets("reopened"), tickets({ openOnly: false, statuses: ["REOPENED"] })],
    [drillDowns.openTickets(), tickets({})],
  ],
  // serviceStats(createdFrom, createdTo)'s volume: tickets created in the period, any status.
  ticketVolume: [
    [
      drillDowns.ticketVolume("channel", "wechat", Q1),
      tickets({ openOnly: false, channels: ["WECHAT"], createdFrom: startOfDayTimestamp(Q1.from), createdTo: startOfDayTimestamp(Q1.to) }),
    ],
    [
      drillDowns.ticketVolume("category", "billing", Q1),
      tickets({ openOnly: false, categories: ["billing"], createdFrom: startOfDayTimestamp(Q1.from), createdTo: startOfDayTimestamp(Q1.to) }),
    ],
  ],
  // HomeEscalations: tickets(filter: {escalatedOnly: true, openOnly: true}).
  escalatedTickets: [[drillDowns.escalatedTickets(), tickets({ escalatedOnly: true })]],
  // HomeMyTickets: tickets(filter: {assigneeIds: [me], openOnly: true}).
  myTickets: [
    [
      drillDowns.myTickets(),
      {
        page: "service",
        filter: {
          agent: { ...(tickets({}).filter as { agent: TicketFilter }).agent, assigneeIds: [AGENT.id] },
          supervisor: { ...(tickets({}).filter as { agent: TicketFilter }).agent, assigneeIds: [SUPERVISOR.id] },
        },
      },
    ],
  ],
  // HomeMyOpportunities: opportunities(filter: {ownerIds: [me], statuses: [OPEN]}).
  myOpenDeals: [[drillDowns.myOpenDeals(REP), opportunities({ statuses: ["OPEN"], ownerIds: [REP] })]],
  // HomeNewLeads: leads(filter: {ownerIds: [me], statuses: [NEW]}).
  myNewLeads: [[drillDowns.myNewLeads(REP), { page: "leads", filter: { search: null, statuses: ["NEW"], ownerIds: [REP], sources: null, unassigned: false } }]],
  // HomeApprovals: approvals() (pending).
  pendingApprovals: [[drillDowns.pendingApprovals(), { page: "approvals", filter: { tab: "pending" } }]],
};

describe("drill-down links", () => {
  it("are tested for every builder", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(drillDowns).sort());
  });

  for (const [kind, cases] of Object.entries(CASES)) {
    it(`${kind}: open a list page that reads every parameter and asks for exactly the figure's rows`, () => {
      for (const [path, expected] of cases) expect(open(path)).toEqual(expected);
    });
  }

  it("lead nowhere for groups that cannot be filtered on", () => {
    expect(drillDowns.customerGroup("region", null)).toBeNull();
    expect(drillDowns.customerGroup("region", "—")).toBeNull();
    expect(drillDowns.customerGroup("rfm", "no_such_segment")).toBeNull();
    expect(drillDowns.customerGroup("grade", "Z")).toBeNull();
    expect(drillDowns.funnelStep("", Q1)).toBeNull();
    expect(drillDowns.wonDeals({ ownerId: null }, Q1)).toBeNull();
    expect(drillDowns.wonDeals({ province: "—" }, Q1)).toBeNull();
    expect(drillDowns.ticketVolume("channel", "carrier_pigeon", Q1)).toBeNull();
    expect(drillDowns.openTickets("no_such_status")).toBeNull();
  });

  it("percent-encode values, so the link survives any router or browser", () => {
    expect(drillDowns.customerGroup("region", "上海市")).toBe("/customers?province=%E4%B8%8A%E6%B5%B7%E5%B8%82");
  });
});

/** Every source file of the app (tests and generated code aside), as text. */
const SOURCES = Object.entries(
  import.meta.glob<string>(["/src/**/*.{ts,tsx}", "!/src/**/__tests__/**", "!/src/generated/**"], { query: "?raw", import: "default", eager: true }),
);

/** The modules that own a list page's URL parameters: the only places that may spell them out. */
const PARAMETER_OWNERS = [
  "/src/modules/customers/utils/customerListParams.ts",
  "/src/modules/service/utils/consoleFilters.ts",
  "/src/modules/sales/utils/opportunityListParams.ts",
  "/src/modules/sales/utils/leadFiltersFromSearchParams.ts",
  "/src/modules/sales/utils/poolFiltersFromSearchParams.ts",
  "/src/modules/sales/utils/approvalsPath.ts",
  "/src/modules/sales/utils/opportunityPath.ts",
];

describe("links to list pages", () => {
  it("are only built by the pages' own URL builders (no hand-written query strings)", () => {
    expect(SOURCES.length).toBeGreaterThan(100);
    const handWritten = SOURCES.filter(([file]) => !PARAMETER_OWNERS.includes(file)).flatMap(([file, text]) =>
      [...text.matchAll(/["'`]\/(customers|service|opportunities|leads|pool|approvals|pipeline)\?/g)].map((match) => `${file}: ${match[0]}`),
    );
    expect(handWritten).toEqual([]);
  });
});
