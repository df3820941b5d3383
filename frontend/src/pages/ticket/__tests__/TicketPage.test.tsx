import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";

import { RequireViewer } from "../../../modules/auth/components/RequireViewer";
import { AGENT, createFakeTicketEvents, listTicket, ticketEvent } from "../../../modules/service/__tests__/serviceFixtures";
import { TicketEventsTransportContext } from "../../../modules/service/contexts/TicketEventsTransportContext";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { TicketPage } from "../TicketPage";

const TICKET_ID = "VGlja2V0OjE=";
const author = { __typename: "User", id: AGENT.id, name: AGENT.name };

const ticket = (status: string) => ({
  ...listTicket({
    id: TICKET_ID,
    number: "T-2026-000001",
    status: status as never,
    assignee: author as never,
    firstRespondedAt: "2026-03-02T08:30:00Z",
  }),
  description: "三楼打印机连不上网络",
  rating: null,
  ratingComment: null,
  ratedAt: null,
  resolvedAt: null,
  closedAt: null,
  reopenCount: 0,
  contact: { __typename: "Contact", id: "Q29udGFjdDox", name: "王芳" },
  comments: [
    { __typename: "TicketComment", id: "Yzox", body: "打印机还是不行", public: true, fromCustomer: true, createdAt: "2026-03-02T08:10:00Z", author: null },
  ],
  internalNotes: [
    { __typename: "TicketComment", id: "Yzoy", body: "A 级客户，优先", public: false, fromCustomer: false, createdAt: "2026-03-02T08:20:00Z", author },
  ],
  history: [
    { __typename: "TicketHistoryEntry", cursor: "1", kind: "STATUS_CHANGED", at: "2026-03-02T08:05:00Z", data: { from: "assigned", to: "in_progress" }, actor: author },
  ],
  suggestedArticles: [
    { __typename: "KbArticle", id: "S2I6MQ==", title: "打印机无法连接网络怎么办", body: "1. 检查网线\n2. **重启**路由器", category: "hardware" },
  ],
});

type DeskState = { status: string; comments: Array<Record<string, unknown>>; surveyUrl?: string | null };

/** The desk's server; `surveyUrl` is what ticketResolve returns: null when the link was emailed to the customer. */
const deskServer = (state: DeskState): FakeGraphqlResolver => (operationName, variables) => {
  if (operationName === "Viewer") return viewerResponse(AGENT);
  if (operationName === "ServiceTicket") return { data: { ticket: ticket(state.status) } };
  if (operationName === "TicketComment") {
    state.comments.push(variables);
    return {
      data: {
        ticketComment: {
          __typename: "TicketCommentPayload",
          comment: { __typename: "TicketComment", id: "Yzoz", body: "x", public: false, fromCustomer: false, createdAt: "2026-03-02T09:00:00Z", author },
          ticket: { __typename: "Ticket", id: TICKET_ID, version: 2, status: state.status },
          userErrors: [],
        },
      },
    };
  }
  if (operationName === "TicketResolve") {
    state.status = "RESOLVED";
    return {
      data: {
        ticketResolve: {
          __typename: "TicketResolvePayload",
          ticket: { __typename: "Ticket", id: TICKET_ID, version: 3, status: "RESOLVED" },
          surveyUrl: state.surveyUrl ?? null,
          userErrors: [],
        },
      },
    };
  }
  throw new Error(`unexpected operation ${operationName}`);
};

const renderTicket = (resolve: FakeGraphqlResolver) => {
  const events = createFakeTicketEvents();
  const app = renderWithProviders(
    <TicketEventsTransportContext value={events.transport}>
      <Routes>
        <Route
          path="/service/tickets/:id"
          element={
            <RequireViewer>
              <TicketPage />
            </RequireViewer>
          }
        />
      </Routes>
    </TicketEventsTransportContext>,
    resolve,
    { route: `/service/tickets/${encodeURIComponent(TICKET_ID)}` },
  );
  return { ...app, events };
};

/** A page's first render in jsdom is slow (antd), more so while other test files run beside it. */
const PAGE_TEST_TIMEOUT = 30_000;

describe("TicketPage", () => {
  it("shows replies and internal notes apart, and sends an internal note when switched to one", async () => {
    const user = userEvent.setup();
    const state = { status: "IN_PROGRESS", comments: [] as Array<Record<string, unknown>> };
    renderTicket(deskServer(state));
    expect(await screen.findByTestId("ticket-subject", {}, { timeout: 5000 })).toHaveTextContent("打印机无法连接");
    expect(within(screen.getByTestId("public-comments")).getByText("打印机还是不行")).toBeInTheDocument();
    const note = within(screen.getByTestId("internal-notes")).getByTestId("internal-note");
    expect(note).toHaveTextContent("A 级客户，优先");
    expect(note).toHaveTextContent("仅内部可见");
    expect(screen.getByTestId("ticket-history")).toHaveTextContent("状态：已分派 → 处理中");

    await user.click(screen.getByTestId("reply-submit"));
    expect(await screen.findByText("请先填写内容")).toBeInTheDocument();
    await user.click(screen.getByTestId("reply-internal"));
    await user.type(screen.getByTestId("reply-body"), "已联系网管");
    await user.click(screen.getByTestId("reply-submit"));
    await waitFor(() => expect(state.comments).toEqual([{ input: { id: TICKET_ID, body: "已联系网管", public: false } }]));
  }, PAGE_TEST_TIMEOUT);

  it("offers the actions the status allows and says the survey was emailed after resolving", async () => {
    const user = userEvent.setup();
    const state = { status: "IN_PROGRESS", comments: [], surveyUrl: null };
    renderTicket(deskServer(state));
    await screen.findByTestId("ticket-actions", {}, { timeout: 5000 });
    expect(screen.queryByTestId("action-start")).not.toBeInTheDocument(); // already in progress
    expect(screen.queryByTestId("action-reopen")).not.toBeInTheDocument(); // not resolved yet

    await user.click(screen.getByTestId("action-resolve"));
    await user.click(await screen.findByRole("button", { name: "确 认" }));
    expect(await screen.findByTestId("survey-emailed")).toHaveTextContent("满意度评价链接已通过邮件发给客户");
    expect(screen.queryByTestId("survey-url")).not.toBeInTheDocument(); // the link is the customer's alone
    await waitFor(() => expect(screen.getByTestId("ticket-page")).toHaveAttribute("data-ticket-status", "RESOLVED"));
    expect(screen.queryByTestId("action-resolve")).not.toBeInTheDocument();
  }, PAGE_TEST_TIMEOUT);

  it("shows the survey link to pass on when the customer has no email address", async () => {
    const user = userEvent.setup();
    const state = { status: "IN_PROGRESS", comments: [], surveyUrl: "http://rapport.test/survey/abc.def" };
    renderTicket(deskServer(state));
    await screen.findByTestId("ticket-actions", {}, { timeout: 5000 });

    await user.click(screen.getByTestId("action-resolve"));
    await user.click(await screen.findByRole("button", { name: "确 认" }));
    expect(await screen.findByTestId("survey-url")).toHaveTextContent("http://rapport.test/survey/abc.def");
    expect(screen.getByTestId("survey-handover")).toHaveTextContent("客户没有邮箱地址");
    expect(screen.queryByTestId("survey-emailed")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("ticket-page")).toHaveAttribute("data-ticket-status", "RESOLVED"));
  }, PAGE_TEST_TIMEOUT);

  it("reloads when another user changes the ticket", async () => {
    const state = { status: "IN_PROGRESS", comments: [] };
    const { events, calls } = renderTicket(deskServer(state));
    await screen.findByTestId("ticket-subject", {}, { timeout: 5000 });
    expect(events.open().variables.filter).toEqual({ ticketId: TICKET_ID });
    state.status = "WAITING";
    events.open().listener.event(ticketEvent("7", "STATUS_CHANGED", listTicket({ id: TICKET_ID, number: "T-2026-000001" })));
    await waitFor(() => expect(screen.getByTestId("ticket-page")).toHaveAttribute("data-ticket-status", "WAITING"));
    expect(calls.filter((call) => call.operationName === "ServiceTicket")).toHaveLength(2);
  }, PAGE_TEST_TIMEOUT);
});
