import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";

import { RequireViewer } from "../../../modules/auth/components/RequireViewer";
import { createFakeTicketEvents, PORTAL_CUSTOMER } from "../../../modules/service/__tests__/serviceFixtures";
import { TicketEventsTransportContext } from "../../../modules/service/contexts/TicketEventsTransportContext";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderWithProviders } from "../../../testing/renderApp";
import { PortalPage } from "../PortalPage";

const TICKET_ID = "VGlja2V0OjE=";

const resolvedTicket = (status = "RESOLVED") => ({
  __typename: "Ticket",
  id: TICKET_ID,
  version: 4,
  number: "T-2026-000001",
  subject: "打印机无法连接",
  status,
  priority: "NORMAL",
  category: "hardware",
  channel: "PORTAL",
  createdAt: "2026-03-02T08:00:00Z",
  updatedAt: "2026-03-02T09:00:00Z",
  description: "办公室的打印机连不上网络",
  rating: null,
  ratingComment: null,
  ratedAt: null,
  resolvedAt: "2026-03-02T09:00:00Z",
  closedAt: null,
  assignee: { __typename: "User", id: "VXNlcjphZ2VudA==", name: "杨客服" },
  comments: [
    {
      __typename: "TicketComment",
      id: "Qzox",
      body: "请重启路由器后再试",
      public: true,
      fromCustomer: false,
      createdAt: "2026-03-02T08:30:00Z",
      author: { __typename: "User", id: "VXNlcjphZ2VudA==", name: "杨客服" },
    },
  ],
  suggestedArticles: [],
});

/** A portal session on one resolved ticket; `ticketRate` answers with the status the rating leads to. */
const portalServer = (rated: Array<Record<string, unknown>>): FakeGraphqlResolver => {
  let status = "RESOLVED";
  return (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(PORTAL_CUSTOMER);
    if (operationName === "ServiceTicket") {
      // One document for every viewer: a customer's leaves out the staff-only parts.
      expect(variables).toMatchObject({ withSla: false, withNotes: false, withCustomer: false, withHistory: false });
      return { data: { ticket: resolvedTicket(status) } };
    }
    if (operationName === "TicketRate") {
      rated.push(variables);
      const input = variables["input"] as { rating: number };
      status = input.rating >= 3 ? "CLOSED" : "REOPENED";
      return {
        data: {
          ticketRate: {
            __typename: "TicketPayload",
            ticket: { __typename: "Ticket", id: TICKET_ID, version: 5, status },
            userErrors: [],
          },
        },
      };
    }
    throw new Error(`unexpected operation ${operationName}`);
  };
};

const renderPortalTicket = (resolve: FakeGraphqlResolver) =>
  renderWithProviders(
    <TicketEventsTransportContext value={createFakeTicketEvents().transport}>
      <Routes>
        <Route
          path="/portal/*"
          element={
            <RequireViewer>
              <PortalPage />
            </RequireViewer>
          }
        />
      </Routes>
    </TicketEventsTransportContext>,
    resolve,
    { route: `/portal/tickets/${encodeURIComponent(TICKET_ID)}` },
  );

const star = (index: number) => {
  const stars = screen.getByTestId("rating-stars").querySelectorAll<HTMLElement>("[role='radio']");
  const target = stars[index];
  if (!target) throw new Error(`no star ${index + 1}`);
  return target;
};

/** A page's first render in jsdom is slow (antd), more so while other test files run beside it. */
const PAGE_TEST_TIMEOUT = 30_000;

describe("PortalTicketView rating", () => {
  it("asks for stars before sending anything", async () => {
    const rated: Array<Record<string, unknown>> = [];
    renderPortalTicket(portalServer(rated));
    await userEvent.setup().click(await screen.findByTestId("rating-submit", {}, { timeout: 5000 }));
    expect(await screen.findByText("请选择星级")).toBeInTheDocument();
    expect(rated).toEqual([]);
  }, PAGE_TEST_TIMEOUT);

  it("warns that 1-2 stars reopen the ticket, sends the rating and says it was reopened", async () => {
    const user = userEvent.setup();
    const rated: Array<Record<string, unknown>> = [];
    renderPortalTicket(portalServer(rated));
    expect(await screen.findByText("请重启路由器后再试", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByTestId("rating-low-warning")).not.toBeInTheDocument();

    await user.click(star(1));
    expect(await screen.findByTestId("rating-low-warning")).toHaveTextContent("工单会重新打开");
    await user.type(screen.getByTestId("rating-comment"), "问题还在");
    await user.click(screen.getByTestId("rating-submit"));

    await waitFor(() => expect(rated).toEqual([{ input: { id: TICKET_ID, rating: 2, comment: "问题还在" } }]));
    expect(await screen.findByTestId("portal-rated")).toHaveTextContent("工单已重新打开");
    // The ticket is refetched after the mutation: REOPENED, no rating form any more.
    await waitFor(() => expect(screen.getByTestId("portal-ticket")).toHaveAttribute("data-ticket-status", "REOPENED"));
    expect(screen.queryByTestId("rating-submit")).not.toBeInTheDocument();
  }, PAGE_TEST_TIMEOUT);

  it("closes the ticket on 4 stars without the warning", async () => {
    const user = userEvent.setup();
    const rated: Array<Record<string, unknown>> = [];
    renderPortalTicket(portalServer(rated));
    await screen.findByTestId("rating-submit", {}, { timeout: 5000 });
    await user.click(star(3));
    expect(screen.queryByTestId("rating-low-warning")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("rating-submit"));
    await waitFor(() => expect(rated).toEqual([{ input: { id: TICKET_ID, rating: 4, comment: null } }]));
    expect(await screen.findByTestId("portal-rated")).toHaveTextContent("感谢你的评价，工单已关闭");
  }, PAGE_TEST_TIMEOUT);
});
