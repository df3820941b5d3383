import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

const ID = "Sm91cm5leTox";

// jsdom's matchMedia (setupTests) matches nothing: the editor renders as on a phone, read-only.
const MANAGER = viewerWith([
  ["Query.journey", "READ"],
  ["Query.journeys", "READ"],
  ["Journey.name", "READ"],
  ["Mutation.journeySave", "WRITE"],
  ["Mutation.journeyActivate", "WRITE"],
  ["Mutation.journeyPause", "WRITE"],
]);

const journey = (status: string, version = 3) => ({
  __typename: "Journey",
  id: ID,
  version,
  name: "新客欢迎",
  status,
  allowReentry: false,
  graph: {
    nodes: [
      { id: "n1", type: "trigger", config: { kind: "event", event: "order.placed" }, position: { x: 0, y: 0 } },
      { id: "n2", type: "wait", config: { hours: 24 }, position: { x: 0, y: 100 } },
    ],
    edges: [{ source: "n1", target: "n2", branch: null }],
  },
  stats: { __typename: "JourneyStats", entered: 0, active: 0, done: 0, exited: 0, failed: 0, perNode: [] },
});

const LOAD = { timeout: 40000 };

describe("JourneyEditorPage", () => {
  it("lets a manager pause from a phone, once per tap", { timeout: 60000 }, async () => {
    let status = "ACTIVE";
    const resolve: FakeGraphqlResolver = async (operationName) => {
      if (operationName === "Viewer") return viewerResponse(MANAGER);
      if (operationName === "MarketingJourney") {
        const enrollments = { __typename: "EnrollmentConnection", totalCount: 0, nodes: [] };
        return { data: { journey: { ...journey(status, status === "ACTIVE" ? 3 : 4), enrollments } } };
      }
      if (operationName === "JourneyPause") {
        await new Promise((done) => setTimeout(done, 200));
        status = "PAUSED";
        return { data: { journeyPause: { __typename: "JourneyPayload", journey: journey("PAUSED", 4), userErrors: [] } } };
      }
      return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
    };
    const app = renderApp(resolve, { route: `/marketing/journeys/${ID}` });
    const pause = await screen.findByTestId("journey-pause", {}, LOAD);
    expect(screen.queryByTestId("journey-save")).toBeNull();
    await userEvent.dblClick(pause);
    await waitFor(() => expect(screen.getByTestId("journey-status")).toHaveTextContent("已暂停"));
    expect(app.calls.filter((call) => call.operationName === "JourneyPause")).toHaveLength(1);
  });

  it("on a computer keeps a running journey's steps until it is paused, and says so", { timeout: 60000 }, async () => {
    const phone = window.matchMedia;
    // A wide screen: every min-width breakpoint matches (antd's Grid asks matchMedia).
    window.matchMedia = (query: string) => ({ ...phone(query), matches: query.includes("min-width") });
    try {
      let status = "ACTIVE";
      const resolve: FakeGraphqlResolver = (operationName) => {
        if (operationName === "Viewer") return viewerResponse(MANAGER);
        if (operationName === "MarketingJourney") {
          const enrollments = { __typename: "EnrollmentConnection", totalCount: 0, nodes: [] };
          return { data: { journey: { ...journey(status), enrollments } } };
        }
        return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
      };
      const first = renderApp(resolve, { route: `/marketing/journeys/${ID}` });
      expect(await screen.findByTestId("journey-running", {}, LOAD)).toHaveTextContent("暂停后才能修改步骤");
      expect(screen.getByTestId("journey-save")).toBeInTheDocument(); // its name and layout still save
      expect(screen.queryByTestId("journey-palette")).toBeNull();
      first.unmount();

      status = "PAUSED";
      renderApp(resolve, { route: `/marketing/journeys/${ID}` });
      expect(await screen.findByTestId("journey-palette", {}, LOAD)).toBeInTheDocument();
      expect(screen.queryByTestId("journey-running")).toBeNull();
    } finally {
      window.matchMedia = phone;
    }
  });

  it("pages through the enrollments without reloading the journey", { timeout: 60000 }, async () => {
    const enrollment = (id: string, name: string) => ({
      __typename: "JourneyEnrollment",
      id,
      status: "WAITING",
      currentNode: "n2",
      enteredAt: "2026-03-02T01:00:00Z",
      finishedAt: null,
      error: null,
      customer: { __typename: "Customer", id: `C${id}`, name },
    });
    const resolve: FakeGraphqlResolver = (operationName, variables) => {
      if (operationName === "Viewer") return viewerResponse(MANAGER);
      if (operationName === "MarketingJourney") return { data: { journey: journey("PAUSED") } };
      if (operationName === "MarketingJourneyEnrollments") {
        const second = variables.after === "e-cursor";
        return {
          data: {
            journey: {
              __typename: "Journey",
              id: ID,
              enrollments: {
                __typename: "EnrollmentConnection",
                totalCount: 21,
                pageInfo: { __typename: "PageInfo", hasNextPage: !second, endCursor: second ? null : "e-cursor" },
                nodes: [second ? enrollment("E21", "第二十一位客户") : enrollment("E1", "第一位客户")],
              },
            },
          },
        };
      }
      return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
    };
    const app = renderApp(resolve, { route: `/marketing/journeys/${ID}` });
    expect(await screen.findByText("第一位客户", {}, LOAD)).toBeInTheDocument();
    expect(screen.getByTestId("journey-enrollments-pager-total")).toHaveAttribute("data-list-total", "21");
    await userEvent.click(screen.getByTestId("journey-enrollments-pager-next"));
    expect(await screen.findByText("第二十一位客户")).toBeInTheDocument();
    const pages = app.calls.filter((call) => call.operationName === "MarketingJourneyEnrollments").map((call) => call.variables);
    expect(pages).toEqual([
      { id: ID, first: 20, after: null },
      { id: ID, first: 20, after: "e-cursor" },
    ]);
    expect(app.calls.filter((call) => call.operationName === "MarketingJourney")).toHaveLength(1);
  });

  it("tells a viewer who may not see journeys why the page is empty", { timeout: 30000 }, async () => {
    const viewer = viewerWith([["Query.segments", "READ"]]);
    renderApp((operationName) => (operationName === "Viewer" ? viewerResponse(viewer) : { data: null }), {
      route: `/marketing/journeys/${ID}`,
    });
    expect(await screen.findByTestId("no-access", {}, LOAD)).toHaveTextContent("您无权查看营销旅程。");
  });
});
