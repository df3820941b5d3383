import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import { RequireViewer } from "../../../modules/auth/components/RequireViewer";
import {
  AGENT,
  createFakeTicketEvents,
  listTicket,
  QUEUE,
  SUPERVISOR,
  ticketEvent,
  ticketPage,
} from "../../../modules/service/__tests__/serviceFixtures";
import { TicketEventsTransportContext } from "../../../modules/service/contexts/TicketEventsTransportContext";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { ServiceConsolePage } from "../ServiceConsolePage";

type Filter = { assigneeIds?: string[] | null; unassigned?: boolean; openOnly?: boolean; priorities?: string[] | null };

/** A desk whose lists are `mine` and `queue`, answered by the filter the console sends. */
const deskServer =
  (viewer: Viewer, lists: { mine: unknown[]; queue: unknown[] }): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "ServiceTickets") {
      // What the viewer may read of a ticket travels as the @include variables.
      expect(variables).toMatchObject({ withSla: true, withQueue: true, withCustomer: true, withEscalation: true });
      const filter = variables["filter"] as Filter;
      const mine = filter.assigneeIds?.includes(viewer.id) ?? false;
      return { data: { tickets: ticketPage(mine ? lists.mine : lists.queue) } };
    }
    if (operationName === "ServiceQueueOptions") return { data: { teams: [{ ...QUEUE, kind: "service" }] } };
    if (operationName === "ServiceAgentOptions") {
      return {
        data: {
          serviceAgents: [
            { __typename: "ServiceAgent", user: { __typename: "User", id: AGENT.id, name: AGENT.name }, available: true, openTickets: 2 },
          ],
        },
      };
    }
    throw new Error(`unexpected operation ${operationName}`);
  };

const renderConsole = (resolve: FakeGraphqlResolver, route = "/service") => {
  const events = createFakeTicketEvents();
  const app = renderWithProviders(
    <TicketEventsTransportContext value={events.transport}>
      <RequireViewer>
        <ServiceConsolePage />
      </RequireViewer>
    </TicketEventsTransportContext>,
    resolve,
    { route },
  );
  return { ...app, events };
};

const tabCount = (list: "mine" | "queue") => screen.getByTestId(`console-tab-${list}`).textContent ?? "";
const list = (name: "mine" | "queue") => screen.getByTestId(`console-list-${name}`);

/** A page's first render in jsdom is slow (antd), more so while other test files run beside it. */
const PAGE_TEST_TIMEOUT = 30_000;

describe("ServiceConsolePage", () => {
  it("adds a ticket when a ticketEvents event arrives and moves it when its status changes", async () => {
    const user = userEvent.setup();
    const { events } = renderConsole(
      deskServer(AGENT, { mine: [], queue: [listTicket({ id: "VGlja2V0OjE=", number: "T-2026-000001" })] }),
    );
    expect(await screen.findByText("没有分派给你的工单", {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(tabCount("queue")).toContain("1"));
    act(() => events.open().listener.connected());
    expect(screen.getByTestId("live-status")).toHaveAttribute("data-connection", "connected");

    // A new ticket routed to this agent appears in "my tickets" without any reload.
    const created = listTicket({
      id: "VGlja2V0OjI=",
      number: "T-2026-000002",
      subject: "发票抬头错误",
      status: "ASSIGNED",
      assignee: { __typename: "User", id: AGENT.id, name: AGENT.name } as never,
    });
    act(() => events.open().listener.event(ticketEvent("11", "CREATED", created)));
    expect(await within(list("mine")).findByTestId("ticket-row-T-2026-000002")).toHaveTextContent("发票抬头错误");
    expect(tabCount("mine")).toContain("1");

    // The supervisor gives the queued ticket to this agent: it moves from the queue to "my tickets".
    const queued = listTicket({ id: "VGlja2V0OjE=", number: "T-2026-000001" });
    const assigned = { ...queued, version: 2, status: "ASSIGNED", assignee: created.assignee };
    act(() => events.open().listener.event(ticketEvent("12", "ASSIGNED", assigned as never)));
    await waitFor(() => expect(tabCount("queue")).toContain("0"));
    expect(within(list("mine")).getByTestId("ticket-row-T-2026-000001")).toHaveAttribute("data-status", "ASSIGNED");

    // Resolving moves it out of the open lists; a stale replay of an older version changes nothing.
    act(() => events.open().listener.event(ticketEvent("13", "STATUS_CHANGED", { ...created, version: 3, status: "RESOLVED" } as never)));
    await waitFor(() => expect(within(list("mine")).queryByTestId("ticket-row-T-2026-000002")).not.toBeInTheDocument());
    act(() => events.open().listener.event(ticketEvent("12", "ASSIGNED", created)));
    expect(within(list("mine")).queryByTestId("ticket-row-T-2026-000002")).not.toBeInTheDocument();
    expect(tabCount("mine")).toContain("1");

    // The queue tab is in the URL.
    await user.click(screen.getByTestId("console-tab-queue"));
    expect(await screen.findByText("队列里没有待分派的工单")).toBeInTheDocument();
  }, PAGE_TEST_TIMEOUT);

  it("shows a reconnect banner while the socket is down and resumes after the last cursor", async () => {
    const { events } = renderConsole(deskServer(AGENT, { mine: [], queue: [] }));
    await screen.findByText("没有分派给你的工单", {}, { timeout: 5000 });
    const first = events.open();
    expect(first.variables.after).toBeNull();
    act(() => first.listener.connected());
    act(() =>
      first.listener.event(
        ticketEvent("41", "CREATED", listTicket({ id: "VGlja2V0OjQ=", number: "T-2026-000004", status: "NEW" })),
      ),
    );
    expect(screen.queryByTestId("reconnect-banner")).not.toBeInTheDocument();

    act(() => first.listener.lost({ fatal: false }));
    expect(await screen.findByTestId("reconnect-banner")).toHaveTextContent("实时连接已断开，正在重新连接");
    expect(screen.getByTestId("live-status")).toHaveAttribute("data-connection", "reconnecting");

    // After the backoff it subscribes again, asking for what happened after event 41.
    await waitFor(() => expect(events.runs).toHaveLength(2), { timeout: 3000 });
    const second = events.open();
    expect(second.variables.after).toBe("41");
    expect(screen.getByTestId("reconnect-banner")).toBeInTheDocument();
    act(() => second.listener.connected());
    await waitFor(() => expect(screen.queryByTestId("reconnect-banner")).not.toBeInTheDocument());
    // A replayed event arrives: the ticket it carries shows up.
    act(() =>
      second.listener.event(
        ticketEvent(
          "42",
          "ASSIGNED",
          listTicket({
            id: "VGlja2V0OjU=",
            number: "T-2026-000005",
            status: "ASSIGNED",
            assignee: { __typename: "User", id: AGENT.id, name: AGENT.name } as never,
          }),
        ),
      ),
    );
    expect(await within(list("mine")).findByTestId("ticket-row-T-2026-000005")).toBeInTheDocument();
  }, PAGE_TEST_TIMEOUT);

  it("says so when the server refuses the stream, and offers to reconnect", async () => {
    const { events } = renderConsole(deskServer(AGENT, { mine: [], queue: [] }));
    await screen.findByText("没有分派给你的工单", {}, { timeout: 5000 });
    act(() => events.open().listener.lost({ fatal: true }));
    expect(await screen.findByTestId("reconnect-banner")).toHaveTextContent("无法接收实时更新");
    await userEvent.setup().click(screen.getByTestId("reconnect-retry"));
    await waitFor(() => expect(events.runs).toHaveLength(2));
  }, PAGE_TEST_TIMEOUT);

  it("keeps filters in the URL and sends them to the server", async () => {
    const user = userEvent.setup();
    const app = renderConsole(deskServer(AGENT, { mine: [], queue: [] }), "/service?tab=queue&priority=URGENT,HIGH");
    await screen.findByText("队列里没有待分派的工单", {}, { timeout: 5000 });
    const queueCall = app.calls.find(
      (call) => call.operationName === "ServiceTickets" && (call.variables["filter"] as Filter).unassigned,
    );
    expect(queueCall?.variables["filter"]).toMatchObject({ unassigned: true, openOnly: true, priorities: ["URGENT", "HIGH"] });
    await user.click(screen.getByTestId("filter-clear"));
    await waitFor(() => expect(app.currentLocation()).toBe("/service?tab=queue"));
  }, PAGE_TEST_TIMEOUT);

  it("lets a supervisor assign from the queue, which holds every open ticket", async () => {
    const user = userEvent.setup();
    let assigned: Record<string, unknown> | null = null;
    const base = deskServer(SUPERVISOR, {
      mine: [],
      queue: [listTicket({ id: "VGlja2V0OjE=", number: "T-2026-000001", status: "REOPENED" })],
    });
    const app = renderConsole((operationName, variables, operation) => {
      if (operationName === "TicketAssign") {
        assigned = variables;
        return {
          data: {
            ticketAssign: {
              __typename: "TicketPayload",
              ticket: { __typename: "Ticket", id: "VGlja2V0OjE=", version: 2, status: "ASSIGNED" },
              userErrors: [],
            },
          },
        };
      }
      return base(operationName, variables, operation);
    }, "/service?tab=queue");
    expect(await screen.findByText("全部未结工单", {}, { timeout: 5000 })).toBeInTheDocument();
    const queueCall = app.calls.find(
      (call) => call.operationName === "ServiceTickets" && !(call.variables["filter"] as Filter).assigneeIds,
    );
    expect(queueCall?.variables["filter"]).not.toHaveProperty("unassigned");

    const select = await screen.findByTestId("assign-T-2026-000001");
    await user.click(within(select).getByRole("combobox"));
    await user.click(await screen.findByText(/杨客服/));
    await waitFor(() => expect(assigned).toEqual({ input: { id: "VGlja2V0OjE=", agentId: AGENT.id, version: 1 } }));
    expect(await screen.findByText("T-2026-000001 已指派给 杨客服")).toBeInTheDocument();
  }, PAGE_TEST_TIMEOUT);
});
