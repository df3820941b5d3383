import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Viewer } from "../../../modules/auth/types/Viewer";
import { findChart, fakeCharts } from "../../../modules/dashboards/__tests__/fakeCharts";
import {
  AGENT_VIEWER,
  DIRECTOR_VIEWER,
  HOME_RESPONSES,
  MARKETING_VIEWER,
  REP_VIEWER,
  SUPERVISOR_VIEWER,
} from "../../../modules/home/__tests__/homeFixtures";
import { defaultLayoutResponse } from "../../../modules/layouts/__tests__/layoutFixtures";
import type { FakeGraphqlResolver } from "../../../testing/fakeGraphqlExchange";
import { logoutResponse, VIEWER_FIXTURE, viewerResponse } from "../../../testing/fixtures";
import { renderApp } from "../../../testing/renderApp";

// ECharts does not draw in jsdom: the home page's small charts are fakes that record options and replay clicks.
vi.mock("../../../modules/dashboards/echarts/echarts", async () => {
  const fake = await import("../../../modules/dashboards/__tests__/fakeCharts");
  return { createChart: fake.createFakeChart, chartLocale: (language: string) => (language === "en" ? "EN" : "ZH") };
});

afterEach(() => {
  fakeCharts.length = 0;
});

// The first render loads the page chunk and the layout logic: generous on a busy machine.
const LOAD = { timeout: 10000 };

/** A server answering the Viewer and every home section (or what `overrides` say instead). */
const homeServer =
  (viewer: Viewer, overrides: Partial<Record<string, FakeGraphqlResolver>> = {}): FakeGraphqlResolver =>
  (operationName, variables, operation) => {
    const override = overrides[operationName];
    if (override) return override(operationName, variables, operation);
    if (operationName === "Viewer") return viewerResponse(viewer);
    if (operationName === "DashboardLayout") return defaultLayoutResponse(variables);
    const respond = HOME_RESPONSES[operationName];
    if (respond) return respond(variables);
    // The shell's own queries (notifications, search) are not this page's business.
    return { data: null, errors: [{ message: `not faked: ${operationName}` }] };
  };

const homeCalls = (calls: Array<{ operationName: string; variables: Record<string, unknown> }>) =>
  calls.filter((call) => call.operationName.startsWith("Home"));

const REP_SECTIONS = ["myOpportunities", "poolWatchlist", "newLeads"];
const SUPERVISOR_SECTIONS = ["backlog", "csat", "escalations"];
const MANAGER_SECTIONS = ["teamPerformance", "funnel", "approvals"];

const expectSections = async (shown: string[], hidden: string[]) => {
  for (const key of shown) expect(await screen.findByTestId(`home-section-${key}`, {}, LOAD)).toBeInTheDocument();
  for (const key of hidden) expect(screen.queryByTestId(`home-section-${key}`)).not.toBeInTheDocument();
};

/** A fake server with a signed-in session that logout ends. */
const signedInServer = (): FakeGraphqlResolver => {
  let signedIn = true;
  return (operationName) => {
    if (operationName === "Viewer") return viewerResponse(signedIn ? VIEWER_FIXTURE : null);
    if (operationName === "Logout") {
      signedIn = false;
      return logoutResponse();
    }
    throw new Error(`unexpected operation ${operationName}`);
  };
};

describe("HomePage", () => {
  it("greets the viewer and shows email, roles and team", async () => {
    renderApp(signedInServer(), { route: "/" });

    expect(await screen.findByTestId("home-greeting", {}, { timeout: 5000 })).toHaveTextContent("欢迎，李雷");
    expect(screen.getByTestId("viewer-email")).toHaveTextContent("lilei@example.com");
    expect(screen.getByTestId("viewer-team")).toHaveTextContent("华东销售一组");
    expect(screen.getByTestId("viewer-name")).toHaveTextContent("李雷");
    const roles = within(screen.getByTestId("viewer-roles"));
    // A known role is translated; an unknown one is shown as the server named it.
    expect(roles.getByText("销售代表")).toBeInTheDocument();
    expect(roles.getByText("regional_auditor")).toBeInTheDocument();
  });

  it("says so when the viewer has no team", async () => {
    renderApp(() => viewerResponse({ ...VIEWER_FIXTURE, team: null, roles: [] }), { route: "/", language: "en" });

    expect(await screen.findByTestId("viewer-team", {}, { timeout: 5000 })).toHaveTextContent("No team");
    expect(screen.getByTestId("viewer-roles")).toHaveTextContent("No roles");
  });

  it("signs out through the header and lands on /login", async () => {
    const app = renderApp(signedInServer(), { route: "/" });
    await userEvent.setup().click(await screen.findByTestId("logout", {}, { timeout: 5000 }));

    expect(await screen.findByTestId("login-submit", {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(app.currentLocation()).toBe("/login"));
    expect(app.calls.map((call) => call.operationName)).toEqual(["Viewer", "Logout", "Viewer"]);
    // The signed-in user's cached data went with the old client.
    expect(app.clientCount()).toBe(2);
    expect(screen.queryByTestId("home-greeting")).not.toBeInTheDocument();
  });
});

describe("HomePage sections", () => {
  it("gives a sales rep their tasks, deals, pool watchlist and new leads, and nothing of the service desk", async () => {
    const app = renderApp(homeServer(REP_VIEWER), { route: "/" });

    await expectSections(["myTasks", "myTarget", ...REP_SECTIONS], [...SUPERVISOR_SECTIONS, ...MANAGER_SECTIONS, "myTickets", "customerSegments"]);
    const deals = await screen.findByTestId("home-section-myOpportunities");
    expect(await within(deals).findByText("杭州云帆科技 年度采购", {}, LOAD)).toHaveAttribute("href", "/customers/Q3VzdG9tZXI6MQ==");
    expect(within(deals).getByText("方案报价")).toBeInTheDocument(); // the stage, as the server names it to a zh-CN reader
    expect(within(deals).getByText("¥120,000.00")).toBeInTheDocument();
    expect(within(deals).getByTestId("home-section-myOpportunities-count")).toHaveTextContent("7");
    expect(within(deals).getByTestId("home-section-myOpportunities-link")).toHaveAttribute("href", "/pipeline");
    // The count opens exactly the deals it counts: the rep's open ones.
    const count = within(deals).getByTestId("home-section-myOpportunities-count-link");
    expect(count).toHaveAttribute("href", `/opportunities?status=OPEN&owner=${REP_VIEWER.id}`);
    expect(count).toHaveAttribute("data-drill-count", "7");
    // The rep's own month against their target.
    const target = screen.getByTestId("home-section-myTarget");
    expect(await within(target).findByTestId("my-target", {}, LOAD)).toHaveTextContent("¥300,000");
    expect(within(target).getByTestId("my-attainment")).toHaveTextContent("56%");
    expect(within(target).getByText("赢单 2 个")).toHaveAttribute("data-drill-count", "2");

    const calls = homeCalls(app.calls);
    expect(calls.map((call) => call.operationName).sort()).toEqual([
      "HomeMyOpportunities",
      "HomeMyTarget",
      "HomeMyTasks",
      "HomeNewLeads",
      "HomePoolWatchlist",
    ]);
    const variablesOf = (name: string) => calls.find((call) => call.operationName === name)?.variables;
    expect(variablesOf("HomeMyOpportunities")).toMatchObject({ ownerId: REP_VIEWER.id });
    expect(variablesOf("HomeNewLeads")).toMatchObject({ ownerId: REP_VIEWER.id });
    expect(variablesOf("HomePoolWatchlist")).toMatchObject({ withinDays: 7 });
  });

  it("shows how many days each watched customer has before it returns to the pool", async () => {
    renderApp(homeServer(REP_VIEWER), { route: "/" });

    const watchlist = await screen.findByTestId("pool-watchlist", {}, LOAD);
    const days = within(watchlist).getAllByTestId("pool-days-left").map((tag) => tag.textContent);
    expect(days).toEqual(["剩 2 天", "今日回收"]);
    expect(within(watchlist).getByText("尚未跟进")).toBeInTheDocument();
    expect(within(watchlist).getByText("苏州瑞丰")).toHaveAttribute("href", "/customers/Q3VzdG9tZXI6Mg==");
    const tasks = screen.getByTestId("my-tasks");
    expect(within(tasks).getByText(/已逾期/)).toBeInTheDocument();
  });

  it("gives a supervisor the backlog, escalations and CSAT trend, and nothing of sales", async () => {
    const app = renderApp(homeServer(SUPERVISOR_VIEWER), { route: "/" });

    await expectSections([...SUPERVISOR_SECTIONS, "myTickets", "myTasks"], [...REP_SECTIONS, ...MANAGER_SECTIONS, "customerSegments"]);
    const byStatus = await screen.findByTestId("backlog-by-status", {}, LOAD);
    // Every open ticket in the status, whoever works it (a supervisor's queue tab holds them all).
    expect(within(byStatus).getByText("处理中")).toHaveAttribute("href", "/service?tab=all&status=IN_PROGRESS");
    expect(within(byStatus).getByText("处理中")).toHaveAttribute("data-drill-count", "16");
    expect(within(byStatus).getByText("16")).toBeInTheDocument();
    const byQueue = screen.getByTestId("backlog-by-queue");
    expect(within(byQueue).getByText("客服一组")).toBeInTheDocument();
    expect(within(byQueue).getByText("24")).toBeInTheDocument();
    expect(screen.getByTestId("home-section-backlog-count")).toHaveTextContent("28");

    const escalations = screen.getByTestId("home-section-escalations");
    expect(await within(escalations).findByText(/网络经常掉线/, {}, LOAD)).toHaveAttribute("href", "/service/tickets/VGlja2V0OjI=");
    expect(within(escalations).getByText("2 级升级")).toBeInTheDocument();

    await screen.findByTestId("home-csat-chart", {}, LOAD);
    const csat = (await findChart("home-csat-chart"));
    expect(JSON.stringify(csat.options.at(-1))).toContain("11-16");
    expect(screen.getByTestId("csat-overall")).toHaveTextContent("3.4");

    const names = homeCalls(app.calls).map((call) => call.operationName).sort();
    expect(names).toEqual(["HomeEscalations", "HomeMyTasks", "HomeMyTickets", "HomeServiceOverview"]);
    const overview = homeCalls(app.calls).find((call) => call.operationName === "HomeServiceOverview");
    expect(overview?.variables).toMatchObject({ withTeams: true });
  });

  it("lists an agent's open tickets with SLA countdowns, the most urgent first", async () => {
    const app = renderApp(homeServer(AGENT_VIEWER), { route: "/" });

    await expectSections(["myTickets", "myTasks"], [...SUPERVISOR_SECTIONS, ...REP_SECTIONS, ...MANAGER_SECTIONS]);
    const list = await screen.findByTestId("my-tickets", {}, LOAD);
    const items = within(list).getAllByTestId("my-tickets-item");
    const countdowns = items.map((item) => within(item).getByTestId("sla-countdown"));
    expect(countdowns.map((countdown) => countdown.textContent)).toEqual([
      expect.stringMatching(/^解决时限 · 已超时 00:4[56]:\d\d$/),
      expect.stringMatching(/^首次响应 · 剩余 01:(29|30):\d\d$/),
      "解决时限 · 已暂停（等待客户）",
    ]);
    expect(countdowns.map((countdown) => countdown.getAttribute("data-tone"))).toEqual(["breached", "ok", "paused"]);
    expect(within(items[1] as HTMLElement).getByText(/打印机无法连接/)).toHaveAttribute("href", "/service/tickets/VGlja2V0OjE=");
    expect(within(items[1] as HTMLElement).getByText("高")).toBeInTheDocument();
    const tickets = homeCalls(app.calls).find((call) => call.operationName === "HomeMyTickets");
    expect(tickets?.variables).toMatchObject({ assigneeId: AGENT_VIEWER.id });
  });

  it("shows a director the team against target, the funnel and the approvals waiting", async () => {
    renderApp(homeServer(DIRECTOR_VIEWER), { route: "/" });

    await expectSections([...MANAGER_SECTIONS, "customerSegments", ...REP_SECTIONS], [...SUPERVISOR_SECTIONS, "myTickets"]);
    const performance = screen.getByTestId("home-section-teamPerformance");
    expect(await within(performance).findByTestId("team-target", {}, LOAD)).toHaveTextContent("¥1,200,000");
    expect(within(performance).getByTestId("team-won")).toHaveTextContent("¥368,000");
    expect(within(performance).getByTestId("team-attainment")).toHaveTextContent("30.7%");
    // Each rep against their own target; their counts open the deals counted.
    const reps = within(performance).getByTestId("team-reps");
    expect(within(reps).getByText("¥400,000")).toBeInTheDocument();
    expect(within(reps).getByText("未设目标")).toBeInTheDocument();
    expect(within(reps).getByTestId("rep-attainment")).toHaveTextContent("50%");
    const wonLinks = within(reps).getAllByTestId("drill-link").filter((link) => link.getAttribute("href")?.includes("status=WON"));
    expect(wonLinks[1]?.getAttribute("href")).toMatch(/^\/opportunities\?status=WON&owner=VXNlcjo0&closedFrom=\d{4}-\d{2}-01&closedTo=\d{4}-\d{2}-\d{2}$/);
    expect(wonLinks[1]).toHaveAttribute("data-drill-count", "2");

    const funnel = screen.getByTestId("home-section-funnel");
    const steps = await within(funnel).findAllByTestId("funnel-step", {}, LOAD);
    expect(steps.map((step) => step.dataset["stage"])).toEqual(["needs_analysis", "quote", "won"]);
    // This quarter's deals that reached the stage.
    expect(within(funnel).getByText("方案报价").getAttribute("href")).toMatch(
      /^\/opportunities\?reached=quote&from=\d{4}-(01|04|07|10)-01&to=\d{4}-\d{2}-\d{2}$/,
    );
    expect(within(funnel).getByText("方案报价")).toHaveAttribute("data-drill-count", "18");

    const approvals = screen.getByTestId("home-section-approvals");
    expect(await within(approvals).findByText("东莞安泰 扩容项目", {}, LOAD)).toHaveAttribute("href", "/approvals");
    expect(within(approvals).getByTestId("home-section-approvals-count")).toHaveTextContent("1");
    expect(within(approvals).getByTestId("home-section-approvals-link")).toHaveAttribute("href", "/approvals");
  });

  it("shows marketing the customer segments, each opening the filtered customer list", async () => {
    const app = renderApp(homeServer(MARKETING_VIEWER), { route: "/" });

    await expectSections(["customerSegments", "myTasks"], [...REP_SECTIONS, ...MANAGER_SECTIONS, ...SUPERVISOR_SECTIONS, "myTickets"]);
    const segments = await screen.findByTestId("home-rfm-segments", {}, LOAD);
    expect(within(segments).getByText("高价值客户 12")).toHaveAttribute("href", "/customers?rfm=HIGH_VALUE");
    expect(within(segments).getByText("高价值客户 12")).toHaveAttribute("data-drill-count", "12");
    expect(within(screen.getByTestId("home-grades")).getByText("A 级")).toHaveAttribute("href", "/customers?grade=A");
    expect(decodeURIComponent(within(screen.getByTestId("home-regions")).getByText("广东省").getAttribute("href") ?? "")).toBe(
      "/customers?province=广东省",
    );

    await screen.findByTestId("home-rfm-chart", {}, LOAD);
    (await findChart("home-rfm-chart")).click(1);
    await waitFor(() => expect(app.currentLocation()).toBe("/customers?rfm=NONE"));
  });

  it("shows a section's empty state", async () => {
    renderApp(
      homeServer(REP_VIEWER, {
        HomeMyOpportunities: () => ({ data: { opportunities: { __typename: "OpportunityConnection", totalCount: 0, nodes: [] } } }),
      }),
      { route: "/" },
    );

    expect(await screen.findByTestId("home-section-myOpportunities-empty", {}, LOAD)).toHaveTextContent("暂无进行中的商机");
  });

  it("shows a failed section's error with a retry, and keeps the others", async () => {
    const user = userEvent.setup();
    let failures = 1;
    const app = renderApp(
      homeServer(REP_VIEWER, {
        HomeNewLeads: (_name, variables) => {
          if (failures > 0) {
            failures -= 1;
            return { data: null, errors: [{ message: "boom", extensions: { code: "INTERNAL" } }] };
          }
          return HOME_RESPONSES["HomeNewLeads"]?.(variables) ?? { data: null };
        },
      }),
      { route: "/" },
    );

    const leads = await screen.findByTestId("home-section-newLeads", {}, LOAD);
    await user.click(await within(leads).findByTestId("retry", {}, LOAD));
    expect(await within(leads).findByText("陈静", {}, LOAD)).toBeInTheDocument();
    expect(screen.queryAllByTestId("request-failed")).toHaveLength(0);
    expect(homeCalls(app.calls).filter((call) => call.operationName === "HomeNewLeads")).toHaveLength(2);
    expect(screen.getByTestId("home-section-myOpportunities")).toHaveTextContent("杭州云帆科技 年度采购");
  });

  it("speaks English", async () => {
    renderApp(homeServer(AGENT_VIEWER), { route: "/", language: "en" });

    const list = await screen.findByTestId("my-tickets", {}, LOAD);
    expect(within(list).getByText(/^First response · 01:(29|30):\d\d left$/)).toBeInTheDocument();
    expect(screen.getByText("My open tickets")).toBeInTheDocument();
  });
});
