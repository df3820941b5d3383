import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import {
  AGENT_VIEWER,
  CUSTOMER_ID,
  customer360Response,
  MANAGER_VIEWER,
  duplicatesResponse,
  REP_VIEWER,
  timelineResponse,
} from "../../../modules/customers/__tests__/customerFixtures";
import type { Viewer } from "../../../modules/auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const ROUTE = `/customers/${CUSTOMER_ID}`;
// These pages are large: on a busy machine rendering them takes seconds, so wait longer than the defaults.
configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };

/** Types a whole value at once (a paste), which keeps these tests fast. */
const fill = async (user: ReturnType<typeof userEvent.setup>, element: HTMLElement, text: string) => {
  await user.click(element);
  await user.paste(text);
};


type Handlers = Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>;

/** A fake server for the 360° page as `viewer`; `handlers` answer (or override) operations. */
const server = (viewer: Viewer, handlers: Handlers = {}): FakeGraphqlResolver => {
  const defaults: Handlers = {
    Viewer: () => viewerResponse(viewer),
    Customer360: (variables) => customer360Response(variables, { maskedPhones: viewer === AGENT_VIEWER }),
    Customer360Timeline: () => timelineResponse(),
    Customer360Duplicates: () => duplicatesResponse(),
    CustomerFilterOptions: () => ({ data: { salesForce: [] } }),
  };
  return (operationName, variables) => {
    const handler = handlers[operationName] ?? defaults[operationName];
    if (!handler) throw new Error(`unexpected operation ${operationName}`);
    return handler(variables);
  };
};

describe("CustomerPage", { timeout: 60_000 }, () => {
  it("shows an agent masked phones with the lock and leaves out what the role may not read", async () => {
    const app = renderApp(server(AGENT_VIEWER), { route: ROUTE, language: "en" });

    expect(await screen.findByTestId("customer-name", {}, WAIT)).toHaveTextContent("杭州云帆科技有限公司");
    const phone = await screen.findByTestId("contact-phone");
    expect(phone).toHaveTextContent("136****1111");
    expect(phone.querySelector("[data-masked='true']")).not.toBeNull();
    expect(within(phone).getByLabelText("Masked: your role sees only part of this")).toBeInTheDocument();

    // Agents have no Customer.opportunities, poolDaysLeft, rfm or lifetimeValue, nor duplicates to read.
    expect(screen.getByTestId("customer-section-tickets")).toHaveTextContent("T-2026-000001");
    expect(screen.queryByTestId("customer-section-opportunities")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-pool-days")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-lifetime-value")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-section-duplicates")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-edit")).not.toBeInTheDocument();
    // The fixture's agent may not read a contact's time zone: not asked for, not shown.
    expect(screen.queryByTestId("contact-time-zone")).not.toBeInTheDocument();

    const request = app.calls.find((call) => call.operationName === "Customer360");
    expect(request?.variables).toMatchObject({
      id: CUSTOMER_ID,
      withPhones: true,
      withOpportunities: false,
      withPoolDaysLeft: false,
      withRfm: false,
      withLifetimeValue: false,
      withOrderAmounts: false,
      withTickets: true,
      withContactTimeZone: false,
    });
    const timeline = app.calls.find((call) => call.operationName === "Customer360Timeline");
    expect(timeline?.variables).toMatchObject({ withStageChanges: false, withPoolMovements: false, withOrderAmounts: false });
    expect(app.calls.some((call) => call.operationName === "Customer360Duplicates")).toBe(false);
  });

  it("shows a rep the whole picture and warns when the customer is about to return to the pool", async () => {
    renderApp(server(REP_VIEWER), { route: ROUTE, language: "en" });

    const poolDays = await screen.findByTestId("customer-pool-days", {}, WAIT);
    expect(poolDays).toHaveTextContent("2 days");
    expect(poolDays).toHaveAttribute("data-warning", "true");
    expect(screen.getByTestId("customer-section-opportunities")).toHaveTextContent("年度软件采购");
    expect(screen.getByTestId("contact-phone")).toHaveTextContent("+8613600001111");
    expect(screen.getByTestId("contact-phone").querySelector("[data-masked]")).toBeNull();
    // The zone as people call it, its IANA code in the tooltip.
    expect(screen.getByTestId("contact-time-zone")).toHaveTextContent("China Standard Time");
    expect(screen.getByTestId("contact-time-zone")).toHaveAttribute("title", "Time zone: Asia/Shanghai");
    expect(await screen.findByTestId("customer-section-duplicates")).toHaveTextContent("No likely duplicates");
    // Consent is marketing's: a rep, who may not read it, is not offered the action.
    expect(screen.queryByTestId("contact-marketing")).toBeNull();
  });

  it("offers a contact's marketing consent to a viewer who may read it, in a drawer", async () => {
    const consentFields = ["channel", "granted", "source", "grantedAt", "revokedAt", "updatedAt"].map(
      (field): [string, "READ"] => [`ContactConsent.${field}`, "READ"],
    );
    const marketer = { ...REP_VIEWER, permissions: { ...REP_VIEWER.permissions!, fields: [...REP_VIEWER.permissions!.fields, ...viewerWith([["Contact.marketingConsents", "READ"], ...consentFields]).permissions!.fields] } };
    renderApp(
      server(marketer, {
        ContactMarketingConsents: () => ({ data: { customer: { __typename: "Customer", id: CUSTOMER_ID, contacts: [] } } }),
      }),
      { route: ROUTE },
    );
    await userEvent.click(await screen.findByTestId("contact-marketing", {}, WAIT));
    expect(await screen.findByTestId("contact-marketing-drawer", {}, WAIT)).toBeInTheDocument();
    // Without contactMarketingLedger and contactConsentSet: no ledger tab and no form.
    expect(await screen.findByText("营销同意", {}, WAIT)).toBeInTheDocument();
    expect(screen.queryByText("发送记录")).toBeNull();
    expect(screen.queryByTestId("consent-form")).toBeNull();
  });

  it("shows the source a converted lead passed on in the reader's language, any other as it was typed", async () => {
    const converted = (variables: Record<string, unknown>) => customer360Response(variables, { overrides: { source: "web" } });
    const first = renderApp(server(REP_VIEWER, { Customer360: converted }), { route: ROUTE, language: "zh-CN" });
    expect(await screen.findByTestId("customer-name", {}, WAIT)).toBeInTheDocument();
    expect(screen.getByText("官网表单")).toBeInTheDocument();
    expect(screen.queryByText("web")).toBeNull();
    first.unmount();

    renderApp(server(REP_VIEWER), { route: ROUTE, language: "zh-CN" });
    expect(await screen.findByText("展会", {}, WAIT)).toBeInTheDocument();
  });

  it("puts a logged call at the top of the timeline without reloading it", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360ActivityLog: (variables) => ({
          data: {
            activityLog: {
              __typename: "ActivityLogPayload",
              activity: {
                __typename: "Activity",
                id: "QWN0aXZpdHk6Mg==",
                kind: (variables["input"] as { kind: string }).kind,
                subject: (variables["input"] as { subject: string }).subject,
                body: null,
                outcome: (variables["input"] as { outcome?: string }).outcome ?? null,
                occurredAt: new Date().toISOString(),
              },
              userErrors: [],
            },
          },
        }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await screen.findByText("上门拜访，了解需求", {}, WAIT);
    await fill(user, screen.getByTestId("activity-subject"), "电话沟通报价");
    await fill(user, screen.getByTestId("activity-outcome"), "客户要求报价单");
    await user.click(screen.getByTestId("activity-submit"));

    await waitFor(() => expect(screen.getAllByTestId("timeline-entry-subject")[0]).toHaveTextContent("电话沟通报价"));
    const entries = screen.getAllByTestId("timeline-entry");
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent("Call");
    expect(entries[0]).toHaveTextContent("Outcome: 客户要求报价单");
    expect(entries[0]).toHaveTextContent(`By ${REP_VIEWER.name}`);
    expect(entries[1]).toHaveTextContent("上门拜访，了解需求");

    const logged = app.calls.find((call) => call.operationName === "Customer360ActivityLog");
    expect(logged?.variables["input"]).toEqual({
      customerId: CUSTOMER_ID,
      kind: "CALL",
      subject: "电话沟通报价",
      outcome: "客户要求报价单",
    });
    // The form is ready for the next one.
    expect(screen.getByTestId("activity-subject")).toHaveValue("");
  });

  it("shows a userError of the activity on its field", async () => {
    renderApp(
      server(REP_VIEWER, {
        Customer360ActivityLog: () => ({
          data: {
            activityLog: {
              __typename: "ActivityLogPayload",
              activity: null,
              userErrors: [{ __typename: "UserError", field: "subject", message: "Say what the activity was about.", code: "INVALID" }],
            },
          },
        }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });
    await fill(user, await screen.findByTestId("activity-subject", {}, WAIT), "x");
    await user.click(screen.getByTestId("activity-submit"));

    const form = screen.getByTestId("activity-log-form");
    expect(await within(form).findByText("Say what the activity was about.")).toBeInTheDocument();
    expect(form.querySelector(".ant-form-item-has-error [data-testid='activity-subject']")).not.toBeNull();
  });

  it("offers to reload when the customer changed since it was read (CONFLICT)", async () => {
    let version = 3;
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360: (variables) => customer360Response(variables, { overrides: { version, name: version === 3 ? "杭州云帆科技有限公司" : "杭州云帆科技（集团）" } }),
        Customer360Update: () => {
          version = 4; // someone else saved in the meantime
          return { data: null, errors: [{ message: "The customer changed since you read it.", extensions: { code: "CONFLICT" } }] };
        },
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-edit", {}, WAIT));
    const name = await screen.findByTestId("customer-edit-name");
    await user.clear(name);
    await fill(user, name, "云帆科技");
    await user.click(screen.getByTestId("customer-edit-submit"));

    expect(await screen.findByTestId("customer-edit-conflict")).toHaveTextContent("Someone else just changed this");
    const update = app.calls.find((call) => call.operationName === "Customer360Update");
    expect(update?.variables["input"]).toEqual({ id: CUSTOMER_ID, version: 3, name: "云帆科技" });

    const loads = app.calls.filter((call) => call.operationName === "Customer360").length;
    await user.click(screen.getByTestId("customer-edit-reload"));
    await waitFor(() => expect(app.calls.filter((call) => call.operationName === "Customer360").length).toBe(loads + 1));
    // The form starts again from what is saved now.
    await waitFor(() => expect(screen.getByTestId("customer-edit-name")).toHaveValue("杭州云帆科技（集团）"));
    expect(screen.queryByTestId("customer-edit-conflict")).not.toBeInTheDocument();
    expect(screen.getByTestId("customer-name")).toHaveTextContent("杭州云帆科技（集团）");
  });

  it("previews a merge, asks to confirm, then shows what moved", async () => {
    const other = { __typename: "Customer", id: "Q3VzdG9tZXI6OQ==", name: "杭州云帆科技" };
    const counts = (id: string, name: string, contacts: number, orders: number) => ({
      __typename: "Customer",
      id,
      name,
      contacts: Array.from({ length: contacts }, (_, i) => ({ __typename: "Contact", id: `${id}-c${i}` })),
      orders: { __typename: "OrderConnection", totalCount: orders },
      activities: { __typename: "ActivityConnection", totalCount: 4 },
      tickets: [],
      opportunities: [],
      tasks: [],
      tags: [],
    });
    const app = renderApp(
      server(MANAGER_VIEWER, {
        Customer360Duplicates: () => ({
          data: {
            customerDuplicates: [
              { __typename: "CustomerDuplicate", score: 1, reasons: ["SAME_PHONE", "SIMILAR_NAME"], customer: { ...other, owner: null, createdAt: "2025-05-01T00:00:00Z" } },
            ],
          },
        }),
        Customer360MergePreview: () => ({
          data: { survivor: counts(CUSTOMER_ID, "杭州云帆科技有限公司", 1, 2), merged: counts(other.id, other.name, 2, 3) },
        }),
        Customer360Merge: () => ({
          data: {
            customerMerge: {
              __typename: "CustomerMergePayload",
              customer: { __typename: "Customer", id: CUSTOMER_ID, name: "杭州云帆科技有限公司" },
              moved: [
                { __typename: "MergeCount", kind: "contacts", count: 2 },
                { __typename: "MergeCount", kind: "orders", count: 3 },
                { __typename: "MergeCount", kind: "tickets", count: 0 },
              ],
              userErrors: [],
            },
          },
        }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    const duplicate = await screen.findByTestId("duplicate", {}, WAIT);
    expect(duplicate).toHaveTextContent("Same phone");
    await user.click(within(duplicate).getByTestId("duplicate-merge"));

    const preview = await screen.findByTestId("merge-preview");
    const orders = within(preview).getByText("Orders").closest("tr");
    expect(orders).toHaveTextContent("235"); // 2 kept + 3 merged = 5 after
    await user.click(screen.getByTestId("merge-submit"));
    await user.click(await screen.findByTestId("merge-confirm"));

    const moved = await screen.findByTestId("merge-moved");
    expect(moved).toHaveTextContent("Contacts2");
    expect(moved).toHaveTextContent("Orders3");
    expect(moved).not.toHaveTextContent("Tickets");
    expect(app.calls.find((call) => call.operationName === "Customer360Merge")?.variables["input"]).toEqual({
      survivorId: CUSTOMER_ID,
      mergedId: other.id,
    });
  });

  it("loads the next page of the timeline below the first", async () => {
    const page = (after: unknown) => {
      const first = timelineResponse();
      const timeline = ((first as { data: unknown }).data as { customer: { timeline: Record<string, unknown> } }).customer.timeline;
      if (after === null) {
        timeline["pageInfo"] = { __typename: "PageInfo", hasNextPage: true, endCursor: "c1" };
        return first;
      }
      timeline["pageInfo"] = { __typename: "PageInfo", hasNextPage: false, endCursor: "c2" };
      timeline["edges"] = [
        {
          __typename: "TimelineEntryEdge",
          cursor: "c2",
          node: {
            __typename: "Order",
            id: "T3JkZXI6MQ==",
            number: "O-2025-0042",
            orderStatus: "completed",
            orderedAt: "2025-12-01T10:00:00+08:00",
            currency: "CNY",
            totalAmount: "5600.50",
          },
        },
      ];
      return first;
    };
    const app = renderApp(server(REP_VIEWER, { Customer360Timeline: (variables) => page(variables["after"]) }), {
      route: ROUTE,
      language: "en",
    });
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("timeline-load-more", {}, WAIT));
    await waitFor(() => expect(screen.getAllByTestId("timeline-entry")).toHaveLength(2));
    const entries = screen.getAllByTestId("timeline-entry");
    expect(entries[0]).toHaveTextContent("上门拜访，了解需求");
    expect(entries[1]).toHaveTextContent("Order O-2025-0042");
    expect(entries[1]).toHaveTextContent("Completed");
    expect(screen.queryByTestId("timeline-load-more")).not.toBeInTheDocument();
    const pages = app.calls.filter((call) => call.operationName === "Customer360Timeline").map((call) => call.variables["after"]);
    expect(pages).toEqual([null, "c1"]);
  });

  it("says so when the customer does not exist or is not visible", async () => {
    renderApp(server(REP_VIEWER, { Customer360: () => ({ data: { customer: null } }) }), { route: ROUTE, language: "en" });
    expect(await screen.findByTestId("customer-not-found", {}, WAIT)).toHaveTextContent("does not exist");
  });
});
