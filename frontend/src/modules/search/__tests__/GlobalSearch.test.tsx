import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

type Grant = [string, "MASKED" | "READ" | "WRITE"];

const CUSTOMER_READER: Grant[] = [
  ["Query.customers", "READ"],
  ["Customer.name", "READ"],
  ["Customer.city", "READ"],
];
const SALES_READER: Grant[] = [
  ["Query.leads", "READ"],
  ["Lead.name", "READ"],
  ["Lead.company", "READ"],
  ["Query.opportunities", "READ"],
  ["Opportunity.name", "READ"],
  ["Opportunity.customer", "READ"],
  ["Customer.name", "READ"],
];
const TICKET_READER: Grant[] = [
  ["Query.tickets", "READ"],
  ["Ticket.number", "READ"],
  ["Ticket.subject", "READ"],
  ["Ticket.status", "READ"],
];

const searchResponse = (variables: Record<string, unknown>) => ({
  data: {
    ...(variables["withCustomers"]
      ? {
          customers: {
            __typename: "CustomerConnection",
            nodes: [{ __typename: "Customer", id: "Q3VzdG9tZXI6MQ", name: "张三贸易有限公司", city: variables["withCustomerCity"] ? "杭州市" : undefined }],
          },
        }
      : {}),
    ...(variables["withTickets"]
      ? {
          tickets: {
            __typename: "TicketConnection",
            nodes: [{ __typename: "Ticket", id: "VGlja2V0OjE", number: "T-2026-000001", subject: "打印机无法连接", status: "ASSIGNED" }],
          },
        }
      : {}),
    ...(variables["withLeads"]
      ? { leads: { __typename: "LeadConnection", nodes: [{ __typename: "Lead", id: "TGVhZDox", name: "王海燕", company: "杭州海燕科技" }] } }
      : {}),
    ...(variables["withOpportunities"]
      ? {
          opportunities: {
            __typename: "OpportunityConnection",
            nodes: [
              {
                __typename: "Opportunity",
                id: "T3Bwb3J0dW5pdHk6MQ",
                name: "海燕 ERP 升级",
                customer: variables["withOpportunityCustomer"] ? { __typename: "Customer", id: "Q3VzdG9tZXI6MQ", name: "杭州海燕科技" } : undefined,
              },
            ],
          },
        }
      : {}),
  },
});

const PAGES_OPENED = ["LeadList", "OpportunityDetail"];

/** The app on /admin, which shows non-administrators a page that asks the server nothing, with the search box. */
const server =
  (grants: Grant[]): FakeGraphqlResolver =>
  (operationName, variables) => {
    if (operationName === "Viewer") return viewerResponse(viewerWith(grants));
    if (operationName === "GlobalSearch") return searchResponse(variables);
    // The pages a result opens ask for their own data; this test checks only where the app goes.
    if (PAGES_OPENED.includes(operationName)) return { errors: [{ message: "not part of this test" }] };
    throw new Error(`unexpected operation ${operationName}`);
  };

const searches = (app: { calls: Array<{ operationName: string; variables: Record<string, unknown> }> }) =>
  app.calls.filter((call) => call.operationName === "GlobalSearch").map((call) => call.variables);

describe("GlobalSearch", { timeout: 60_000 }, () => {
  it("searches customers and tickets, groups the results and opens the one picked with the keyboard", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(server([...CUSTOMER_READER, ...TICKET_READER]), { route: "/admin" });

    const input = await screen.findByTestId("global-search-input", {}, { timeout: 10_000 });
    await user.type(input, "张三");

    expect(await screen.findByTestId("search-result-customer-Q3VzdG9tZXI6MQ", {}, { timeout: 5000 })).toHaveTextContent("杭州市");
    expect(screen.getByTestId("search-result-ticket-VGlja2V0OjE")).toHaveTextContent("T-2026-000001");
    expect(screen.getByTestId("search-group-customers")).toHaveTextContent("客户");
    expect(screen.getByTestId("search-group-tickets")).toHaveTextContent("工单");
    // Typing is debounced: one request for the whole word.
    expect(searches(app)).toEqual([{ search: "张三", first: 5, withCustomers: true, withCustomerCity: true, withTickets: true, withLeads: false, withOpportunities: false, withOpportunityCustomer: false }]);

    // rc-select reads KeyboardEvent.which, which user-event leaves at 0 in jsdom: send the keys as a browser does.
    const activeText = () => document.querySelector(".ant-select-item-option-active")?.textContent ?? "";
    for (let presses = 0; presses < 4 && !activeText().includes("T-2026-000001"); presses += 1) {
      const before = activeText();
      fireEvent.keyDown(input, { key: "ArrowDown", keyCode: 40, which: 40 });
      await waitFor(() => expect(activeText()).not.toBe(before));
    }
    expect(activeText()).toContain("打印机无法连接");
    fireEvent.keyDown(input, { key: "Enter", keyCode: 13, which: 13 });
    await waitFor(() => expect(app.currentLocation()).toBe("/service/tickets/VGlja2V0OjE"));
    // The box is empty again for the next search.
    expect(input).toHaveValue("");
  });

  it("asks only for tickets when the viewer may not query customers", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(server(TICKET_READER), { route: "/admin" });

    const input = await screen.findByTestId("global-search-input", {}, { timeout: 10_000 });
    expect(input).toHaveAttribute("placeholder", "搜索工单号或主题");
    await user.type(input, "打印机");

    expect(await screen.findByTestId("search-result-ticket-VGlja2V0OjE", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(searches(app)).toEqual([{ search: "打印机", first: 5, withCustomers: false, withCustomerCity: false, withTickets: true, withLeads: false, withOpportunities: false, withOpportunityCustomer: false }]);
  });

  it("does not search customers by phone or email when contacts' phones and emails are masked", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(
      server([...CUSTOMER_READER, ...TICKET_READER, ["Contact.phones", "MASKED"], ["Contact.emails", "MASKED"]]),
      { route: "/admin" },
    );

    const input = await screen.findByTestId("global-search-input", {}, { timeout: 10_000 });
    await user.type(input, "138 0013 8000");
    await waitFor(() => expect(searches(app)).toHaveLength(1));
    expect(searches(app)[0]).toMatchObject({ search: "138 0013 8000", withCustomers: false, withTickets: true });

    await user.clear(input);
    await user.type(input, "wang@contoso.cn");
    await waitFor(() => expect(searches(app)).toHaveLength(2));
    expect(searches(app)[1]).toMatchObject({ search: "wang@contoso.cn", withCustomers: false, withTickets: true });

    // A name still searches customers.
    await user.clear(input);
    await user.type(input, "王芳");
    await waitFor(() => expect(searches(app)).toHaveLength(3));
    expect(searches(app)[2]).toMatchObject({ search: "王芳", withCustomers: true });
  });

  it("searches customers by phone when the viewer reads phones unmasked", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(server([...CUSTOMER_READER, ["Contact.phones", "READ"]]), { route: "/admin" });

    await user.type(await screen.findByTestId("global-search-input", {}, { timeout: 10_000 }), "5678");
    await waitFor(() => expect(searches(app)).toHaveLength(1));
    expect(searches(app)[0]).toEqual({ search: "5678", first: 5, withCustomers: true, withCustomerCity: true, withTickets: false, withLeads: false, withOpportunities: false, withOpportunityCustomer: false });
  });

  it("says so when a phone-only search is not allowed and nothing else can be searched", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(server([...CUSTOMER_READER, ["Contact.phones", "MASKED"]]), { route: "/admin" });

    await user.type(await screen.findByTestId("global-search-input", {}, { timeout: 10_000 }), "13800138000");
    expect(await screen.findByText("你的角色不能按电话或邮箱搜索客户", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(searches(app)).toEqual([]);
  });

  it("finds leads and opportunities by name, each opening its page", async () => {
    const user = userEvent.setup({ delay: null });
    const app = renderApp(server(SALES_READER), { route: "/admin" });

    const input = await screen.findByTestId("global-search-input", {}, { timeout: 10_000 });
    expect(input).toHaveAttribute("placeholder", "搜索线索或商机");
    await user.type(input, "海燕");
    expect(await screen.findByTestId("search-result-lead-TGVhZDox", {}, { timeout: 5000 })).toHaveTextContent("杭州海燕科技");
    expect(screen.getByTestId("search-group-leads")).toHaveTextContent("线索");
    expect(screen.getByTestId("search-result-opportunity-T3Bwb3J0dW5pdHk6MQ")).toHaveTextContent("海燕 ERP 升级");
    expect(searches(app)).toEqual([
      { search: "海燕", first: 5, withCustomers: false, withCustomerCity: false, withTickets: false, withLeads: true, withOpportunities: true, withOpportunityCustomer: true },
    ]);
    await user.click(screen.getByTestId("search-result-opportunity-T3Bwb3J0dW5pdHk6MQ"));
    await waitFor(() => expect(app.currentLocation()).toBe("/opportunities/T3Bwb3J0dW5pdHk6MQ"));

    // A lead opens the lead list searched for it; a phone number searches neither.
    await user.type(input, "王海燕");
    await user.click(await screen.findByTestId("search-result-lead-TGVhZDox", {}, { timeout: 5000 }));
    await waitFor(() => expect(decodeURIComponent(app.currentLocation())).toBe("/leads?q=王海燕"));
    const asked = searches(app).length;
    await user.type(input, "13800138000");
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the debounce
    expect(searches(app)).toHaveLength(asked);
  });

  it("is not shown to viewers who may search nothing", async () => {
    const app = renderApp(server([["Query.leads", "READ"]]), { route: "/admin" });

    expect(await screen.findByTestId("viewer-name", {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByTestId("global-search-input")).not.toBeInTheDocument();
    expect(searches(app)).toEqual([]);
  });
});
