import type { Viewer } from "../../auth/types/Viewer";
import type { FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerWith, withRowScopes } from "../../../testing/fixtures";
import { CUSTOMER_FIGURES, reads, SALES_FIGURES } from "../../dashboards/__tests__/dashboardFixtures";

type Access = "MASKED" | "READ" | "WRITE";
type Scopes = Array<{ type: string; scopes: Array<"OWN" | "TEAM" | "RELATED" | "ALL"> }>;

const writes = (type: string, fields: string): Array<[string, Access]> =>
  fields.split(" ").map((field) => [`${type}.${field}`, "WRITE"]);

const withScopes = (viewer: Viewer, scopes: Scopes): Viewer => withRowScopes(viewer, scopes);

const STAFF: Array<[string, Access]> = [
  ...reads("Query", "myTasks teams"),
  ...reads("Task", "id version title notes dueAt remindAt doneAt createdAt done assignee customer"),
  ...reads("User", "id name email"),
  ...reads("Team", "id name"),
];

const CUSTOMER_BASICS: Array<[string, Access]> = reads("Customer", "id name grade lastFollowUpAt owner");

/** What the shipped policy gives a sales rep, as far as the home page goes. */
const REP_FIELDS: Array<[string, Access]> = [
  ...STAFF,
  ...CUSTOMER_BASICS,
  ...reads("Customer", "poolDaysLeft opportunities leads"),
  ...reads("Query", "opportunities pipelineStages approvals poolWatchlist publicPool leads tickets customers"),
  ...reads("Opportunity", "id version name amount status expectedClose stage customer owner"),
  ...reads("PipelineStage", "id key name position probability"),
  ...reads("Lead", "id version name company source score status createdAt owner"),
  ...reads("Approval", "id amount status createdAt toStage requestedBy opportunity"),
  ...reads("Ticket", "id number subject status priority internalNotes"),
  ...writes("Mutation", "opportunityMoveStage opportunityCreate poolClaim leadStatusSet leadConvert ticketCreate"),
  ...SALES_FIGURES,
  ...CUSTOMER_FIGURES,
];

/** An open task as the TaskFields fragment reads it. */
export const task = (id: string, title: string, dueAt: string) => ({
  __typename: "Task",
  id,
  version: 1,
  title,
  notes: null,
  dueAt,
  remindAt: null,
  done: false,
  doneAt: null,
});

export const REP_VIEWER: Viewer = withScopes(
  viewerWith(REP_FIELDS, { id: "VXNlcjo0", name: "张伟", roles: ["sales_rep"] }),
  [
    { type: "Customer", scopes: ["OWN"] },
    { type: "Opportunity", scopes: ["OWN"] },
    { type: "Lead", scopes: ["OWN"] },
    { type: "Ticket", scopes: ["RELATED"] },
  ],
);

/** A director: a rep's permissions, over everything, and approval decisions. */
export const DIRECTOR_VIEWER: Viewer = withScopes(
  viewerWith([...REP_FIELDS, ...writes("Mutation", "approvalDecide salesTargetSet")], {
    id: "VXNlcjoy",
    name: "王总监",
    roles: ["sales_director"],
  }),
  [
    { type: "Customer", scopes: ["ALL"] },
    { type: "Opportunity", scopes: ["ALL"] },
    { type: "Lead", scopes: ["ALL"] },
    { type: "Ticket", scopes: ["RELATED"] },
  ],
);

const AGENT_FIELDS: Array<[string, Access]> = [
  ...STAFF,
  ...CUSTOMER_BASICS,
  ...reads("Query", "tickets serviceStats customers"),
  ...reads(
    "Ticket",
    "id version number subject description channel category priority status escalationLevel rating createdAt firstRespondedAt resolvedAt sla customer contact queue assignee comments internalNotes",
  ),
  ...reads("TicketSla", "firstResponseDueAt firstResponseWarnAt resolutionDueAt resolutionWarnAt firstResponseBreached resolutionBreached paused"),
  ...reads(
    "ServiceStats",
    "created resolved firstResponseCompliance resolutionCompliance csat ratings reopenRate backlog volumeByCategory volumeByChannel csatTrend",
  ),
  ...reads("KeyCount", "key second count"),
  ...reads("TrendPoint", "key average count"),
  ...writes("Mutation", "ticketStart ticketComment ticketResolve ticketEscalate"),
];

export const AGENT_VIEWER: Viewer = withScopes(
  viewerWith(AGENT_FIELDS, { id: "VXNlcjo3", name: "杨客服", roles: ["service_agent"] }),
  [
    { type: "Customer", scopes: ["RELATED"] },
    { type: "Ticket", scopes: ["TEAM"] },
  ],
);

export const SUPERVISOR_VIEWER: Viewer = withScopes(
  viewerWith([...AGENT_FIELDS, ...writes("Mutation", "ticketAssign agentProfileSet")], {
    id: "VXNlcjo2",
    name: "陈主管",
    roles: ["service_supervisor"],
  }),
  [
    { type: "Customer", scopes: ["RELATED"] },
    { type: "Ticket", scopes: ["TEAM"] },
  ],
);

/** Marketing: the whole customer base's figures, no deals, no tickets. */
export const MARKETING_VIEWER: Viewer = withScopes(
  viewerWith([...STAFF, ...CUSTOMER_BASICS, ...CUSTOMER_FIGURES, ...reads("Query", "customers leads")], {
    id: "VXNlcjo5",
    roles: ["marketing"],
  }),
  [
    { type: "Customer", scopes: ["ALL"] },
    { type: "Lead", scopes: ["ALL"] },
  ],
);

const customer = (id: string, name: string) => ({ __typename: "Customer", id, name });
const connection = (typename: string, nodes: unknown[], totalCount = nodes.length) => ({ __typename: typename, totalCount, nodes });

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const sla = (overrides: Record<string, unknown>) => ({
  __typename: "TicketSla",
  firstResponseDueAt: null,
  firstResponseWarnAt: null,
  resolutionDueAt: null,
  resolutionWarnAt: null,
  firstResponseBreached: false,
  resolutionBreached: false,
  paused: false,
  ...overrides,
});

export const HOME_RESPONSES: Record<string, (variables: Record<string, unknown>) => FakeGraphqlResponse> = {
  HomeMyTasks: () => ({
    data: {
      myTasks: connection("TaskConnection", [
        { ...task("VGFzazox", "准备报价单", inMinutes(-60 * 24 * 2)), customer: customer("Q3VzdG9tZXI6MQ==", "杭州云帆科技") },
        { ...task("VGFzazoy", "安排演示", inMinutes(60 * 24 * 3)), customer: null },
      ]),
    },
  }),
  HomeMyOpportunities: () => ({
    data: {
      opportunities: connection(
        "OpportunityConnection",
        [
          {
            __typename: "Opportunity",
            id: "T3Bwb3J0dW5pdHk6MQ==",
            name: "杭州云帆科技 年度采购",
            amount: "120000.00",
            expectedClose: "2026-12-15",
            stage: { __typename: "PipelineStage", id: "UGlwZWxpbmVTdGFnZTox", key: "quote", name: "方案报价" },
            customer: customer("Q3VzdG9tZXI6MQ==", "杭州云帆科技"),
          },
        ],
        7,
      ),
    },
  }),
  HomePoolWatchlist: () => ({
    data: {
      poolWatchlist: [
        { __typename: "Customer", id: "Q3VzdG9tZXI6Mg==", name: "苏州瑞丰", grade: "B", poolDaysLeft: 2, lastFollowUpAt: inMinutes(-60 * 24 * 28) },
        { __typename: "Customer", id: "Q3VzdG9tZXI6Mw==", name: "宁波港达", grade: null, poolDaysLeft: 0, lastFollowUpAt: null },
      ],
    },
  }),
  HomeNewLeads: () => ({
    data: {
      leads: connection("LeadConnection", [
        { __typename: "Lead", id: "TGVhZDox", name: "陈静", company: "浙江科技1号", source: "web", score: 82, createdAt: inMinutes(-600) },
      ]),
    },
  }),
  HomeTeamPerformance: () => ({
    data: {
      salesForecast: {
        __typename: "SalesForecast",
        periodStart: "2026-11-01",
        wonAmount: "368000.00",
        target: "1200000.00",
        attainment: 0.3067,
        projectedAttainment: 0.635,
        weightedByProbability: "394300.00",
        weightedByHistory: "819250.00",
        openCount: 12,
      },
      salesPerformance: [
        { __typename: "SalesPerformanceRow", key: "李经理", id: "VXNlcjoz", wonAmount: "200000.00", won: 2, open: 1, winRate: 1, target: "400000.00", attainment: 0.5 },
        { __typename: "SalesPerformanceRow", key: "张伟", id: "VXNlcjo0", wonAmount: "168000.00", won: 2, open: 2, winRate: 0.5, target: null, attainment: null },
      ],
    },
  }),
  HomeMyTarget: () => ({
    data: {
      salesForecast: { __typename: "SalesForecast", wonAmount: "168000.00", target: "300000.00", attainment: 0.56 },
      salesPerformance: [{ __typename: "SalesPerformanceRow", id: "VXNlcjo0", won: 2, open: 3 }],
    },
  }),
  HomeFunnel: () => ({
    data: {
      salesFunnel: [
        { __typename: "FunnelStep", stageKey: "needs_analysis", stageName: "需求分析", reached: 22, amount: "1542000.00", toNext: 0.818 },
        { __typename: "FunnelStep", stageKey: "quote", stageName: "方案报价", reached: 18, amount: "1462000.00", toNext: 0.722 },
        { __typename: "FunnelStep", stageKey: "won", stageName: "赢单", reached: 6, amount: "643000.00", toNext: null },
      ],
    },
  }),
  HomeApprovals: () => ({
    data: {
      approvals: connection("ApprovalConnection", [
        {
          __typename: "Approval",
          id: "QXBwcm92YWw6MQ==",
          amount: "120000.00",
          createdAt: inMinutes(-120),
          toStage: { __typename: "PipelineStage", id: "UGlwZWxpbmVTdGFnZTox", key: "quote", name: "方案报价" },
          requestedBy: { __typename: "User", id: "VXNlcjo0", name: "张伟" },
          opportunity: {
            __typename: "Opportunity",
            id: "T3Bwb3J0dW5pdHk6MQ==",
            name: "东莞安泰 扩容项目",
            customer: customer("Q3VzdG9tZXI6NA==", "东莞安泰"),
          },
        },
      ]),
    },
  }),
  HomeMyTickets: () => ({
    data: {
      tickets: connection(
        "TicketConnection",
        [
          {
            __typename: "Ticket",
            id: "VGlja2V0OjE=",
            number: "T-2026-000001",
            subject: "打印机无法连接",
            priority: "HIGH",
            status: "ASSIGNED",
            firstRespondedAt: null,
            sla: sla({ firstResponseDueAt: inMinutes(90.5), resolutionDueAt: inMinutes(60 * 30) }),
            customer: customer("Q3VzdG9tZXI6NQ==", "洛阳恒通"),
          },
          {
            __typename: "Ticket",
            id: "VGlja2V0OjI=",
            number: "T-2026-000002",
            subject: "网络经常掉线",
            priority: "URGENT",
            status: "IN_PROGRESS",
            firstRespondedAt: inMinutes(-600),
            sla: sla({ firstResponseDueAt: inMinutes(-660), resolutionDueAt: inMinutes(-45.5), resolutionBreached: true }),
            customer: null,
          },
          {
            __typename: "Ticket",
            id: "VGlja2V0OjM=",
            number: "T-2026-000003",
            subject: "发票抬头错误",
            priority: "LOW",
            status: "WAITING",
            firstRespondedAt: inMinutes(-60),
            sla: sla({ resolutionDueAt: inMinutes(60 * 24 * 2), paused: true }),
            customer: null,
          },
        ],
        3,
      ),
    },
  }),
  HomeEscalations: () => ({
    data: {
      tickets: connection("TicketConnection", [
        {
          __typename: "Ticket",
          id: "VGlja2V0OjI=",
          number: "T-2026-000002",
          subject: "网络经常掉线",
          priority: "URGENT",
          status: "IN_PROGRESS",
          escalationLevel: 2,
          firstRespondedAt: inMinutes(-600),
          assignee: { __typename: "User", id: "VXNlcjo3", name: "杨客服" },
          sla: sla({ resolutionDueAt: inMinutes(-45), resolutionBreached: true }),
        },
      ]),
    },
  }),
  HomeServiceOverview: (variables) => ({
    data: {
      serviceStats: {
        __typename: "ServiceStats",
        csat: 3.4,
        ratings: 8,
        backlog: [
          { __typename: "KeyCount", key: "in_progress", second: "VGVhbTo0", count: 16 },
          { __typename: "KeyCount", key: "assigned", second: "VGVhbTo0", count: 8 },
          { __typename: "KeyCount", key: "reopened", second: null, count: 4 },
        ],
        csatTrend: [
          { __typename: "TrendPoint", key: "2026-11-09", average: 5, count: 2 },
          { __typename: "TrendPoint", key: "2026-11-16", average: 2.8, count: 6 },
        ],
      },
      ...(variables["withTeams"] ? { teams: [{ __typename: "Team", id: "VGVhbTo0", name: "客服一组" }] } : {}),
    },
  }),
  HomeCustomerSegments: () => ({
    data: {
      rfm: {
        __typename: "CustomerGroups",
        total: 20,
        groups: [
          { __typename: "CustomerGroup", key: "high_value", customers: 12, share: 0.6 },
          { __typename: "CustomerGroup", key: "none", customers: 8, share: 0.4 },
        ],
      },
      regions: {
        __typename: "CustomerGroups",
        total: 20,
        groups: [
          { __typename: "CustomerGroup", key: "广东省", customers: 13, share: 0.65 },
          { __typename: "CustomerGroup", key: null, customers: 7, share: 0.35 },
        ],
      },
      grades: {
        __typename: "CustomerGroups",
        total: 20,
        groups: [
          { __typename: "CustomerGroup", key: "B", customers: 11, share: 0.55 },
          { __typename: "CustomerGroup", key: "A", customers: 9, share: 0.45 },
        ],
      },
    },
  }),
};
