import { configure, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import {
  AGENT_VIEWER,
  customersListResponse,
  filterOptionsResponse,
  REP_VIEWER,
} from "../../../modules/customers/__tests__/customerFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp, type RenderedApp } from "../../../testing/renderApp";

// These pages are large: on a busy machine rendering them takes seconds, so wait longer than the defaults.
configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };

/** Types a whole value at once (a paste), which keeps these tests fast. */
const fill = async (user: ReturnType<typeof userEvent.setup>, element: HTMLElement, text: string) => {
  await user.click(element);
  await user.paste(text);
};


type Handlers = Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>;

const server = (viewer: Viewer, handlers: Handlers = {}): FakeGraphqlResolver => {
  const defaults: Handlers = {
    Viewer: () => viewerResponse(viewer),
    CustomersList: (variables) => customersListResponse(variables, { maskedPhones: viewer === AGENT_VIEWER }),
    CustomerFilterOptions: () => filterOptionsResponse(),
  };
  return (operationName, variables) => {
    const handler = handlers[operationName] ?? defaults[operationName];
    if (!handler) throw new Error(`unexpected operation ${operationName}`);
    return handler(variables);
  };
};

const lastListRequest = (app: RenderedApp) => app.calls.filter((call) => call.operationName === "CustomersList").at(-1)?.variables;

describe("CustomersPage", { timeout: 60_000 }, () => {
  it("reads search, filters, sort and page from the URL and sends them as variables", async () => {
    const route =
      "/customers?q=云帆&status=ACTIVE&grade=A&grade=B&province=浙江省&industry=软件&tag=VIP&rfm=AT_RISK&pool=PRIVATE" +
      "&kind=COMPANY&owner=VXNlcjoy&from=2026-01-01&to=2026-01-31&sort=LAST_ACTIVITY_AT&dir=asc&size=50&after=Y3Vyc29y";
    const app = renderApp(server(REP_VIEWER), { route, language: "en" });

    expect(await screen.findByTestId("customers-total", {}, WAIT)).toHaveTextContent("42 customers");
    expect(lastListRequest(app)).toEqual(
      expect.objectContaining({
        first: 50,
        after: "Y3Vyc29y",
        search: "云帆",
        orderBy: { field: "LAST_ACTIVITY_AT", direction: "ASC" },
        filter: {
          kinds: ["COMPANY"],
          statuses: ["ACTIVE"],
          grades: ["A", "B"],
          provinces: ["浙江省"],
          industries: ["软件"],
          ownerIds: ["VXNlcjoy"],
          tags: ["VIP"],
          rfmSegments: ["AT_RISK"],
          poolStatuses: ["PRIVATE"],
          createdFrom: dayjs("2026-01-01").startOf("day").toISOString(),
          createdTo: dayjs("2026-02-01").startOf("day").toISOString(),
        },
        withPhones: true,
        withRfm: true,
        withLifetimeValue: true,
        withOwner: true,
      }),
    );
    // The controls show the state they came from.
    expect(screen.getByTestId("customers-search").querySelector("input")).toHaveValue("云帆");
    expect(screen.getByTestId("filter-grades")).toHaveTextContent("Grade A");
    expect(screen.getByTestId("filter-ownerIds")).toHaveTextContent("韩梅梅");
    const rows = screen.getAllByTestId("customer-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("杭州云帆科技有限公司");
    expect(rows[0]).toHaveTextContent("+8613600001111");
    expect(rows[0]).toHaveTextContent("Loyal");
  });

  it("leaves out what the viewer may not search, filter or read, and says so", async () => {
    const app = renderApp(server(AGENT_VIEWER), { route: "/customers?q=1111&rfm=AT_RISK&status=ACTIVE", language: "en" });

    expect(await screen.findByTestId("search-not-allowed", {}, WAIT)).toHaveTextContent("cannot search by them");
    expect(screen.getByTestId("filters-ignored")).toHaveTextContent("RFM segment");
    const request = lastListRequest(app);
    expect(request).toEqual(
      expect.objectContaining({ search: null, filter: { statuses: ["ACTIVE"] }, withRfm: false, withLifetimeValue: false, withPhones: true }),
    );
    // Of the filter choices, agents may read only the tags.
    const options = app.calls.find((call) => call.operationName === "CustomerFilterOptions");
    expect(options?.variables).toEqual({ withTags: true, withOwners: false, withProvinces: false, withIndustries: false });
    const row = (await screen.findAllByTestId("customer-row"))[0];
    expect(row?.querySelector("[data-masked='true']")).not.toBeNull();
    expect(screen.queryByTestId("filter-rfmSegments")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-new")).not.toBeInTheDocument();
  });

  it("writes a new search and the next page to the URL", async () => {
    const app = renderApp(server(REP_VIEWER), { route: "/customers?grade=A", language: "en" });
    const user = userEvent.setup({ delay: null });

    const search = within(await screen.findByTestId("customers-search", {}, WAIT)).getByRole("searchbox");
    await fill(user, search, "王芳");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(app.currentLocation()).toBe("/customers?q=%E7%8E%8B%E8%8A%B3&grade=A"));
    await waitFor(() => expect(lastListRequest(app)).toEqual(expect.objectContaining({ search: "王芳", filter: { grades: ["A"] } })));

    await user.click(screen.getByTestId("customers-next"));
    await waitFor(() => expect(app.currentLocation()).toContain("after=Y3Vyc29yOjI%3D"));
    await waitFor(() => expect(lastListRequest(app)).toEqual(expect.objectContaining({ after: "Y3Vyc29yOjI=", search: "王芳" })));

    await user.click(screen.getByTestId("customers-previous"));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers?q=%E7%8E%8B%E8%8A%B3&grade=A"));
  });

  it("opens the customer when a row is clicked", async () => {
    const app = renderApp(server(REP_VIEWER), { route: "/customers", language: "en" });
    const rows = await screen.findAllByTestId("customer-row", {}, WAIT);
    fireEvent.click(rows[1]!);
    await waitFor(() => expect(app.currentLocation()).toBe("/customers/Q3VzdG9tZXI6Mg=="));
  });

  it("saves the current filter under a name and applies it again", async () => {
    const app = renderApp(server(REP_VIEWER), { route: "/customers?grade=A&status=ACTIVE", language: "en" });
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("save-filter", {}, WAIT));
    await fill(user, await screen.findByTestId("save-filter-name"), "A 级成交客户");
    await user.click(screen.getByTestId("save-filter-submit"));
    await waitFor(() =>
      expect(JSON.parse(window.localStorage.getItem(`rapport.customers.savedFilters.${REP_VIEWER.id}`) ?? "[]")).toEqual([
        { name: "A 级成交客户", query: "status=ACTIVE&grade=A" },
      ]),
    );

    await user.click(screen.getByTestId("customers-clear-filters"));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers"));

    await user.click(screen.getByTestId("saved-filters"));
    await user.click(await screen.findByText("A 级成交客户"));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers?status=ACTIVE&grade=A"));
    expect(screen.getByTestId("filter-grades")).toHaveTextContent("Grade A");
    expect(screen.getByTestId("filter-statuses")).toHaveTextContent("Active");
  });

  it("puts a userError of the new customer on the right field", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        CustomerCreate: () => ({
          data: {
            customerCreate: {
              __typename: "CustomerPayload",
              customer: null,
              userErrors: [{ __typename: "UserError", field: "contacts.0.phones.0", message: "'12345' is not a phone number.", code: "INVALID" }],
            },
          },
        }),
      }),
      { route: "/customers", language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-new", {}, WAIT));
    await fill(user, await screen.findByTestId("customer-create-name"), "宁波海曙贸易");
    await fill(user, screen.getByTestId("customer-create-contact-name"), "陈静");
    await fill(user, screen.getByTestId("customer-create-contact-phone"), "12345");
    await user.click(screen.getByTestId("customer-create-submit"));

    const form = screen.getByTestId("customer-create-form");
    expect(await within(form).findByText("'12345' is not a phone number.")).toBeInTheDocument();
    expect(form.querySelector(".ant-form-item-has-error [data-testid='customer-create-contact-phone']")).not.toBeNull();
    expect(form.querySelector(".ant-form-item-has-error [data-testid='customer-create-name']")).toBeNull();
    const created = app.calls.find((call) => call.operationName === "CustomerCreate");
    expect(created?.variables["input"]).toEqual({
      name: "宁波海曙贸易",
      kind: "COMPANY",
      contacts: [{ name: "陈静", isPrimary: true, phones: ["12345"] }],
    });
  });

  it("validates the new customer before sending it", async () => {
    const app = renderApp(server(REP_VIEWER), { route: "/customers", language: "en" });
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-new", {}, WAIT));
    await fill(user, await screen.findByTestId("customer-create-contact-email"), "not-an-email");
    await user.click(screen.getByTestId("customer-create-submit"));

    const form = screen.getByTestId("customer-create-form");
    expect(await within(form).findByText("Enter the customer's name")).toBeInTheDocument();
    expect(within(form).getByText("Enter a valid email address")).toBeInTheDocument();
    expect(within(form).getByText("Enter the contact's name when giving a phone or an email")).toBeInTheDocument();
    expect(app.calls.some((call) => call.operationName === "CustomerCreate")).toBe(false);
  });
});
