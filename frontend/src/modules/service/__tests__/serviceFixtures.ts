import type { TicketListFieldsFragment } from "../../../generated/graphql";
import type { Viewer } from "../../auth/types/Viewer";
import { viewerWith } from "../../../testing/fixtures";
import type { TicketEvent, TicketEventsListener, TicketEventsTransport } from "../realtime/ticketEventsTransport";

type Access = "MASKED" | "READ" | "WRITE";

const DESK_FIELDS: Array<[string, Access]> = [
  ["Query.tickets", "READ"],
  ["Query.ticket", "READ"],
  ["Query.teams", "READ"],
  ["Subscription.ticketEvents", "READ"],
  ["Ticket.sla", "READ"],
  ["Ticket.firstRespondedAt", "READ"],
  ["Ticket.escalationLevel", "READ"],
  ["Ticket.reopenCount", "READ"],
  ["Ticket.queue", "READ"],
  ["Ticket.customer", "READ"],
  ["Ticket.contact", "READ"],
  ["Ticket.internalNotes", "WRITE"],
  ["Ticket.history", "READ"],
  ["Customer.name", "READ"],
  ["Contact.name", "READ"],
  ["Mutation.ticketComment", "WRITE"],
  ["Mutation.ticketStart", "WRITE"],
  ["Mutation.ticketResolve", "WRITE"],
];

/** A service agent: the console, no assigning. */
export const AGENT: Viewer = viewerWith(DESK_FIELDS, { id: "VXNlcjphZ2VudA==", name: "杨客服", roles: ["service_agent"] });

/** A supervisor: also assigns. */
export const SUPERVISOR: Viewer = viewerWith(
  [...DESK_FIELDS, ["Mutation.ticketAssign", "WRITE"], ["Query.serviceAgents", "READ"]],
  { id: "VXNlcjpzdXA=", name: "陈主管", roles: ["service_supervisor"] },
);

/** A portal customer: their company's tickets, public side only. */
export const PORTAL_CUSTOMER: Viewer = viewerWith(
  [
    ["Query.tickets", "READ"],
    ["Query.ticket", "READ"],
    ["Query.kbSearch", "READ"],
    ["Query.kbArticle", "READ"],
    ["Subscription.ticketEvents", "READ"],
    ["Mutation.ticketCreate", "WRITE"],
    ["Mutation.ticketComment", "WRITE"],
    ["Mutation.ticketRate", "WRITE"],
    ["Mutation.ticketReopen", "WRITE"],
  ],
  { id: "VXNlcjpjdXN0", name: "王芳", roles: ["customer"] },
);

export const QUEUE = { __typename: "Team", id: "VGVhbTpzZXJ2aWNl", name: "客户服务部" };

/** A ticket as TicketListFields selects it (with __typename, as urql asks for it). */
export const listTicket = (overrides: Partial<TicketListFieldsFragment> & { id: string; number: string }) => ({
  __typename: "Ticket",
  version: 1,
  subject: "打印机无法连接",
  status: "NEW",
  priority: "NORMAL",
  category: "hardware",
  channel: "PHONE",
  createdAt: "2026-03-02T08:00:00Z",
  updatedAt: "2026-03-02T08:00:00Z",
  firstRespondedAt: null,
  escalationLevel: 0,
  sla: {
    __typename: "TicketSla",
    firstResponseDueAt: "2026-03-02T10:00:00Z",
    firstResponseWarnAt: "2026-03-02T09:36:00Z",
    resolutionDueAt: "2026-03-03T08:00:00Z",
    resolutionWarnAt: "2026-03-03T03:12:00Z",
    firstResponseBreached: false,
    resolutionBreached: false,
    paused: false,
  },
  queue: QUEUE,
  assignee: null,
  customer: { __typename: "Customer", id: "Q3VzdG9tZXI6MQ==", name: "Contoso 客户" },
  ...overrides,
});

export const ticketPage = (nodes: unknown[], hasNextPage = false) => ({
  __typename: "TicketConnection",
  totalCount: nodes.length,
  pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "cursor-1" : null },
  nodes,
});

/** A `ticketEvents` event carrying `ticket` (as TicketListFields, typed loosely like the server's JSON). */
export const ticketEvent = (cursor: string, kind: TicketEvent["kind"], ticket: ReturnType<typeof listTicket>): TicketEvent =>
  ({ cursor, kind, at: "2026-03-02T08:00:00Z", ticket }) as unknown as TicketEvent;

type FakeRun = {
  variables: Parameters<TicketEventsTransport>[0];
  listener: TicketEventsListener;
  closed: boolean;
};

/** Stands in for the WebSocket: the test opens, feeds and drops each subscription attempt by hand. */
export const createFakeTicketEvents = () => {
  const runs: FakeRun[] = [];
  const transport: TicketEventsTransport = (variables, listener) => {
    const run: FakeRun = { variables, listener, closed: false };
    runs.push(run);
    return () => {
      run.closed = true;
    };
  };
  const open = (): FakeRun => {
    const run = runs.filter((candidate) => !candidate.closed).at(-1);
    if (!run) throw new Error("no open ticketEvents subscription");
    return run;
  };
  return { transport, runs, open };
};
