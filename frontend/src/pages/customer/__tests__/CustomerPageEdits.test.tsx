import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import {
  AGENT_VIEWER,
  CUSTOMER_ID,
  customer360Response,
  duplicatesResponse,
  REP_VIEWER,
  timelineResponse,
} from "../../../modules/customers/__tests__/customerFixtures";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const ROUTE = `/customers/${CUSTOMER_ID}`;
configure({ asyncUtilTimeout: 15_000 });
const WAIT = { timeout: 15_000 };

type Handlers = Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse>;

const ok = (field: string, payload: Record<string, unknown>): FakeGraphqlResponse => ({ data: { [field]: { ...payload, userErrors: [] } } });
const taskPayload = (input: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  __typename: "Task",
  id: "VGFzazo5",
  version: 1,
  title: input["title"] ?? "x",
  notes: null,
  dueAt: input["dueAt"] ?? "2026-05-01T01:00:00.000Z",
  remindAt: null,
  done: false,
  doneAt: null,
  ...overrides,
});

const server = (viewer: Viewer, handlers: Handlers = {}): FakeGraphqlResolver => {
  const defaults: Handlers = {
    Viewer: () => viewerResponse(viewer),
    Customer360: (variables) => customer360Response(variables, { maskedPhones: viewer === AGENT_VIEWER }),
    Customer360Timeline: () => timelineResponse(),
    Customer360Duplicates: () => duplicatesResponse(),
    CustomerFilterOptions: () => ({ data: { tags: [{ __typename: "Tag", id: "VGFnOjI=", name: "重点客户", color: "blue" }] } }),
  };
  return (operationName, variables) => {
    const handler = handlers[operationName] ?? defaults[operationName];
    if (!handler) throw new Error(`unexpected operation ${operationName}`);
    return handler(variables);
  };
};

const inputOf = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>, name: string) =>
  calls.find((call) => call.operationName === name)?.variables["input"];

describe("CustomerPage: a rep's everyday edits", { timeout: 90_000 }, () => {
  it("creates a task for one of the customer's deals, and completes it with an undo", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        TaskCreate: (variables) => ok("taskCreate", { task: taskPayload(variables["input"] as Record<string, unknown>) }),
        TaskComplete: () => ok("taskComplete", { task: taskPayload({}, { version: 2, done: true }) }),
        TaskReopen: () => ok("taskReopen", { task: taskPayload({}, { version: 3 }) }),
        Customer360: (variables) =>
          customer360Response(variables, {
            overrides: { tasks: [{ ...taskPayload({ title: "回访王芳" }), id: "VGFzazox", assignee: { __typename: "User", id: REP_VIEWER.id, name: REP_VIEWER.name }, opportunity: null }] },
          }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("task-new", {}, WAIT));
    await user.click(await screen.findByTestId("task-form-title"));
    await user.paste("发送报价单");
    await user.click(screen.getByTestId("task-form-opportunity"));
    await user.click(await screen.findByText("年度软件采购", { selector: ".ant-select-item-option-content" }));
    await user.click(screen.getByTestId("task-form-submit"));
    await waitFor(() => expect(inputOf(app.calls, "TaskCreate")).toMatchObject({ title: "发送报价单", customerId: CUSTOMER_ID, opportunityId: "T3Bwb3J0dW5pdHk6MQ==" }));

    const task = within(screen.getByTestId("customer-section-tasks")).getByTestId("task");
    await user.click(within(task).getByTestId("task-done"));
    await waitFor(() => expect(inputOf(app.calls, "TaskComplete")).toEqual({ id: "VGFzazox", version: 1 }));
    await user.click(await screen.findByTestId("task-undo"));
    // The undo reopens the task at the version completing it left.
    await waitFor(() => expect(inputOf(app.calls, "TaskReopen")).toEqual({ id: "VGFzazo5", version: 2 }));
  });

  it("adds a contact and edits one without sending phones it did not change", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360ContactCreate: () => ok("contactCreate", { contact: { __typename: "Contact", id: "Q29udGFjdDoy", version: 1 } }),
        Customer360ContactUpdate: () => ok("contactUpdate", { contact: { __typename: "Contact", id: "Q29udGFjdDox", version: 3 } }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("contact-add", {}, WAIT));
    await user.click(await screen.findByTestId("contact-form-name"));
    await user.paste("李明");
    const phones = within(screen.getByTestId("contact-form-phones")).getByRole("combobox");
    await user.type(phones, "13800001111{Enter}");
    await user.click(screen.getByTestId("contact-form-submit"));
    await waitFor(() => expect(inputOf(app.calls, "Customer360ContactCreate")).toEqual({ customerId: CUSTOMER_ID, name: "李明", phones: ["13800001111"] }));

    await user.click(await screen.findByTestId("contact-edit"));
    const title = await screen.findByTestId("contact-form-title");
    await user.clear(title);
    await user.paste("采购总监");
    await user.click(screen.getByTestId("contact-form-submit"));
    await waitFor(() =>
      expect(inputOf(app.calls, "Customer360ContactUpdate")).toEqual({ id: "Q29udGFjdDox", version: 2, title: "采购总监" }),
    );
  });

  it("tags the customer with a new tag and takes one off", async () => {
    const tagged = { __typename: "Customer", id: CUSTOMER_ID, version: 4, tags: [] };
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360Tag: () => ok("customerTag", { customer: tagged }),
        Customer360Untag: () => ok("customerUntag", { customer: tagged }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-tag-add", {}, WAIT));
    const input = within(await screen.findByTestId("customer-tag-input")).getByRole("combobox");
    await user.type(input, "华东重点{Enter}");
    await waitFor(() => expect(inputOf(app.calls, "Customer360Tag")).toEqual({ customerId: CUSTOMER_ID, tags: ["华东重点"] }));

    const vip = screen.getAllByTestId("customer-tag").find((tag) => tag.textContent === "VIP");
    await user.click(vip!.querySelector(".ant-tag-close-icon")!);
    await waitFor(() => expect(inputOf(app.calls, "Customer360Untag")).toEqual({ customerId: CUSTOMER_ID, tags: ["VIP"] }));
  });

  it("archives after asking, and the toast's undo unarchives at the new version", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360Archive: () => ok("customerArchive", { customer: { __typename: "Customer", id: CUSTOMER_ID, version: 4, archivedAt: "2026-03-01T00:00:00Z" } }),
        Customer360Unarchive: () => ok("customerUnarchive", { customer: { __typename: "Customer", id: CUSTOMER_ID, version: 5, archivedAt: null } }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-more", {}, WAIT));
    await user.click(await screen.findByTestId("customer-archive"));
    await waitFor(() => expect(document.querySelector(".ant-modal-confirm-title")).toHaveTextContent("Archive 杭州云帆科技有限公司?"));
    expect(app.calls.some((call) => call.operationName === "Customer360Archive")).toBe(false);
    await user.click(screen.getByTestId("archive-confirm"));
    await waitFor(() => expect(inputOf(app.calls, "Customer360Archive")).toEqual({ id: CUSTOMER_ID, version: 3 }));
    await user.click(await screen.findByTestId("archive-undo"));
    await waitFor(() => expect(inputOf(app.calls, "Customer360Unarchive")).toEqual({ id: CUSTOMER_ID, version: 4 }));
  });

  it("gives the customer back to the pool only with a reason, then leaves the page", async () => {
    const app = renderApp(
      server(REP_VIEWER, {
        Customer360PoolRelease: () => ok("poolRelease", { released: true }),
        CustomersList: () => ({ data: null, errors: [{ message: "not under test", extensions: { code: "INTERNAL" } }] }),
        CustomerSavedFilters: () => ({ data: null }),
      }),
      { route: ROUTE, language: "en" },
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByTestId("customer-more", {}, WAIT));
    await user.click(await screen.findByTestId("customer-release"));
    await user.click(await screen.findByTestId("release-submit"));
    expect(await screen.findByText("Say why the customer goes back to the pool.")).toBeInTheDocument();
    expect(app.calls.some((call) => call.operationName === "Customer360PoolRelease")).toBe(false);
    await user.click(screen.getByTestId("release-reason"));
    await user.paste("今年没有预算");
    await user.click(screen.getByTestId("release-submit"));
    await waitFor(() => expect(inputOf(app.calls, "Customer360PoolRelease")).toEqual({ customerId: CUSTOMER_ID, reason: "今年没有预算" }));
    await waitFor(() => expect(app.currentLocation()).toBe("/customers"));
  });

  it("shows a rep a person's profile, the contribution ranking and credit and risk", async () => {
    renderApp(server(REP_VIEWER, { Customer360: (variables) => customer360Response(variables, { overrides: { kind: "PERSON" } }) }), {
      route: ROUTE,
      language: "en",
    });
    const profile = await screen.findByTestId("customer-section-profile", {}, WAIT);
    expect(within(profile).getByTestId("profile-ageBand")).toHaveTextContent("35-44");
    expect(within(profile).getByTestId("profile-contributionRank")).toHaveTextContent("No. 3 overall · No. 1 in its province");
    expect(within(profile).getByTestId("profile-riskLevel")).toHaveTextContent("Low");
    expect(within(profile).getByTestId("profile-edit")).toBeInTheDocument();
  });

  it("leaves a company's profile to what applies to companies: ranking, credit and risk", async () => {
    renderApp(server(REP_VIEWER), { route: ROUTE, language: "en" });
    const profile = await screen.findByTestId("customer-section-profile", {}, WAIT);
    expect(within(profile).queryByTestId("profile-ageBand")).not.toBeInTheDocument();
    expect(within(profile).queryByTestId("profile-gender")).not.toBeInTheDocument();
    expect(within(profile).getByTestId("profile-creditRating")).toHaveTextContent("AA");
  });

  it("leaves the profile out for a service agent, who may not read it", async () => {
    const app = renderApp(server(AGENT_VIEWER), { route: ROUTE, language: "en" });
    await screen.findByTestId("customer-name", {}, WAIT);
    expect(screen.queryByTestId("customer-section-profile")).not.toBeInTheDocument();
    expect(screen.queryByTestId("customer-more")).not.toBeInTheDocument();
    expect(screen.queryByTestId("contact-add")).not.toBeInTheDocument();
    expect(app.calls.find((call) => call.operationName === "Customer360")?.variables).toMatchObject({
      withGender: false,
      withAgeBand: false,
      withCreditRating: false,
      withContributionRank: false,
    });
  });
});
