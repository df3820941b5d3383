import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import type { TicketListFieldsFragment } from "../../../generated/graphql";
import { consoleFilterParams, parseConsoleFilters, shownList, ticketFilterFor, ticketMatchesList } from "../utils/consoleFilters";
import { parseMarkdown } from "../utils/markdownBlocks";
import { mergeLiveTickets } from "../utils/mergeLiveTickets";
import { listTicket } from "./serviceFixtures";

const ticket = (overrides: Parameters<typeof listTicket>[0]) => listTicket(overrides) as unknown as TicketListFieldsFragment;
const agent = { id: "VXNlcjphZ2VudA==", supervisor: false };
const supervisor = { id: "VXNlcjpzdXA=", supervisor: true };

describe("console filters", () => {
  it("round-trip through the URL and ignore unknown values", () => {
    const filters = parseConsoleFilters(
      new URLSearchParams("tab=queue&status=NEW,BOGUS&priority=HIGH&category=billing&channel=PHONE,FAX&queue=q1&escalated=1&from=2026-03-01&to=2026-02-30"),
    );
    expect(filters).toEqual({
      list: "queue",
      statuses: ["NEW"],
      includeClosed: false,
      priorities: ["HIGH"],
      categories: ["billing"],
      channels: ["PHONE"],
      queueId: "q1",
      assigneeId: null,
      escalatedOnly: true,
      createdFrom: "2026-03-01",
      createdTo: null, // not a day
    });
    expect(consoleFilterParams(filters).toString()).toBe(
      "tab=queue&status=NEW&priority=HIGH&category=billing&channel=PHONE&queue=q1&escalated=1&from=2026-03-01",
    );
  });

  it("show every ticket the viewer may see in the 'all' list: an agent's own tab, a supervisor's queue", () => {
    const filters = parseConsoleFilters(new URLSearchParams("tab=all&closed=1&from=2026-03-01&to=2026-03-31"));
    expect(shownList(filters.list, agent)).toBe("all");
    expect(shownList(filters.list, supervisor)).toBe("queue");
    const expected = {
      openOnly: false,
      assigneeIds: null,
      createdFrom: dayjs("2026-03-01").startOf("day").format(),
      createdTo: dayjs("2026-04-01").startOf("day").format(),
    };
    expect(ticketFilterFor("all", filters, agent)).toMatchObject(expected);
    expect(ticketFilterFor("all", filters, agent).unassigned).toBeUndefined();
    expect(ticketFilterFor(shownList(filters.list, supervisor), filters, supervisor)).toMatchObject(expected);
    // Live tickets: created in the range, any status.
    const march = ticket({ id: "1", number: "T-1", status: "CLOSED", createdAt: "2026-03-15T08:00:00Z" });
    expect(ticketMatchesList(march, "all", filters, agent)).toBe(true);
    expect(ticketMatchesList({ ...march, createdAt: "2026-04-02T08:00:00Z" }, "all", filters, agent)).toBe(false);
  });

  it("ask for open tickets only until a status is chosen", () => {
    const filters = parseConsoleFilters(new URLSearchParams(""));
    expect(ticketFilterFor("mine", filters, agent)).toMatchObject({ openOnly: true, assigneeIds: [agent.id] });
    expect(ticketFilterFor("queue", filters, agent)).toMatchObject({ openOnly: true, unassigned: true });
    expect(ticketFilterFor("queue", { ...filters, statuses: ["CLOSED"] }, supervisor)).toMatchObject({
      openOnly: false,
      statuses: ["CLOSED"],
      assigneeIds: null,
    });
  });

  it("match live tickets the way the server filters them", () => {
    const filters = parseConsoleFilters(new URLSearchParams("priority=URGENT"));
    const urgent = ticket({ id: "1", number: "T-1", priority: "URGENT" });
    expect(ticketMatchesList(urgent, "queue", filters, agent)).toBe(true);
    expect(ticketMatchesList({ ...urgent, priority: "LOW" }, "queue", filters, agent)).toBe(false);
    expect(ticketMatchesList({ ...urgent, status: "CLOSED" }, "queue", filters, agent)).toBe(false);
    const mine = { ...urgent, assignee: { __typename: "User" as const, id: agent.id, name: "杨客服" } };
    expect(ticketMatchesList(mine, "queue", filters, agent)).toBe(false);
    expect(ticketMatchesList(mine, "mine", filters, agent)).toBe(true);
    expect(ticketMatchesList(mine, "queue", filters, supervisor)).toBe(true);
  });
});

describe("mergeLiveTickets", () => {
  const older = ticket({ id: "old", number: "T-1", createdAt: "2026-03-01T08:00:00Z" });
  const newer = ticket({ id: "new", number: "T-2", createdAt: "2026-03-02T08:00:00Z" });
  const open = (t: TicketListFieldsFragment) => t.status !== "RESOLVED";

  it("adds new matching tickets first, drops ones that stopped matching, corrects the count", () => {
    const live = new Map([
      [newer.id, newer],
      [older.id, { ...older, version: 2, status: "RESOLVED" as const }],
    ]);
    const merged = mergeLiveTickets({ loaded: [older], totalCount: 1, hasNextPage: false, live, matches: open });
    expect(merged.rows.map((row) => row.id)).toEqual(["new"]);
    expect(merged.totalCount).toBe(1);
  });

  it("keeps the loaded row when the live one is older", () => {
    const live = new Map([[older.id, { ...older, version: 0, status: "RESOLVED" as const }]]);
    const merged = mergeLiveTickets({ loaded: [older], totalCount: 1, hasNextPage: false, live, matches: open });
    expect(merged.rows).toEqual([older]);
  });

  it("leaves a live ticket older than the loaded page for its own page", () => {
    const live = new Map([[older.id, older]]);
    const merged = mergeLiveTickets({ loaded: [newer], totalCount: 30, hasNextPage: true, live, matches: open });
    expect(merged.rows.map((row) => row.id)).toEqual(["new"]);
    expect(merged.totalCount).toBe(30);
  });
});

describe("parseMarkdown", () => {
  it("keeps lists, paragraphs and bold, and never interprets HTML", () => {
    const blocks = parseMarkdown("1. 检查网线\n2. **重启**路由器\n\n<script>alert(1)</script> 完成");
    expect(blocks).toEqual([
      { kind: "list", ordered: true, items: [[{ text: "检查网线" }], [{ text: "重启", bold: true }, { text: "路由器" }]] },
      { kind: "paragraph", inlines: [{ text: "<script>alert(1)</script> 完成" }] },
    ]);
  });
});
