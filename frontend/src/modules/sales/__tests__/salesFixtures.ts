import type { Viewer } from "../../auth/types/Viewer";
import type { FakeGraphqlResolver, FakeGraphqlResponse } from "../../../testing/fakeGraphqlExchange";
import { viewerResponse, viewerWith, withRowScopes } from "../../../testing/fixtures";

type Access = "MASKED" | "READ" | "WRITE";

const fieldsOf = (type: string, names: string, access: Access): Array<[string, Access]> =>
  names.split(" ").map((name) => [`${type}.${name}`, access]);

type RowScopes = Array<{ type: string; scopes: Array<"OWN" | "TEAM" | "ALL"> }>;

/** A viewer with these field accesses and row scopes. */
export const salesViewer = (
  fields: Array<[string, Access]>,
  scopes: RowScopes,
  overrides: Partial<Viewer> = {},
): Viewer => {
  return withRowScopes(viewerWith(fields, overrides), scopes);
};

/** What the shipped policy gives a sales rep (own deals and leads, claims from the pool). */
export const SALES_REP_FIELDS: Array<[string, Access]> = [
  ...fieldsOf("Query", "opportunities pipelineStages customers salesForce leads publicPool poolClaimsLeft approvals", "READ"),
  ...fieldsOf(
    "Mutation",
    "opportunityMoveStage opportunityCreate leadCreate leadBulkCreate leadAssign leadStatusSet leadConvert poolClaim",
    "WRITE",
  ),
  ...fieldsOf("Opportunity", "id version name amount status expectedClose stage customer owner pendingApproval", "WRITE"),
  ...fieldsOf("Approval", "id status amount toStage requestedBy decidedBy opportunity createdAt", "READ"),
  ...fieldsOf("PipelineStage", "id key name position probability requiresApproval approvalThreshold isWon isLost", "READ"),
  ...fieldsOf("Customer", "id name city", "WRITE"),
  ...fieldsOf("User", "id name email team", "READ"),
  ...fieldsOf("Lead", "id name company title source province city status score owner customer phone email", "WRITE"),
  ...fieldsOf("PoolCustomer", "id name kind grade industry province city size source inPoolSince lastFollowUpAt", "READ"),
];

export const SALES_REP: Viewer = salesViewer(
  SALES_REP_FIELDS,
  [
    { type: "Opportunity", scopes: ["OWN"] },
    { type: "Lead", scopes: ["OWN"] },
  ],
  { roles: ["sales_rep"] },
);

/** A sales director: everything a rep may do, on everyone's deals, and approvals. */
export const SALES_DIRECTOR: Viewer = salesViewer(
  [
    ...SALES_REP_FIELDS,
    ["Mutation.approvalDecide", "WRITE"],
    ["Mutation.poolAllocate", "WRITE"],
    ["Approval.comment", "WRITE"],
  ],
  [
    { type: "Opportunity", scopes: ["ALL"] },
    { type: "Lead", scopes: ["ALL"] },
  ],
  { roles: ["sales_director"], name: "Diana Director" },
);

export const stageId = (key: string): string => `stage-${key}`;

const stage = (key: string, name: string, position: number, extra: Record<string, unknown> = {}) => ({
  __typename: "PipelineStage",
  id: stageId(key),
  key,
  name,
  position,
  probability: position * 10,
  requiresApproval: false,
  approvalThreshold: null,
  isWon: false,
  isLost: false,
  ...extra,
});

/** The stages migration 0005 seeds, named as the server names them to a zh-CN reader (0018's labels), plus a custom one, deliberately out of order. */
export const PIPELINE_STAGES = [
  stage("payment", "回款", 4),
  stage("needs_analysis", "需求分析", 1),
  stage("quote", "方案报价", 2, { requiresApproval: true, approvalThreshold: "100000.00" }),
  stage("contract", "合同签订", 3),
  stage("site_visit", "现场考察", 3.5),
  stage("won", "赢单", 5, { isWon: true, probability: 100 }),
  stage("lost", "输单", 6, { isLost: true, probability: 0 }),
];

/** The stages after an admin renamed a seeded one: the server drops its labels and sends the new name in every language. */
export const stagesWithRenamed = (key: string, name: string): typeof PIPELINE_STAGES =>
  PIPELINE_STAGES.map((candidate) => (candidate.key === key ? { ...candidate, name } : candidate));

export type FakeOpportunity = {
  id: string;
  version: number;
  name: string;
  amount: string;
  status: "OPEN" | "WON" | "LOST";
  expectedClose: string | null;
  stageKey: string;
  customer: { id: string; name: string };
  owner: { id: string; name: string };
  pendingApprovalTo: string | null;
  lostReason?: string;
};

export const opportunity = (overrides: Partial<FakeOpportunity> & Pick<FakeOpportunity, "id" | "name">): FakeOpportunity => ({
  version: 1,
  amount: "50000.00",
  status: "OPEN",
  expectedClose: "2026-06-30",
  stageKey: "needs_analysis",
  customer: { id: "customer-1", name: "杭州云栖科技" },
  owner: { id: "VXNlcjox", name: "李雷" },
  pendingApprovalTo: null,
  ...overrides,
});

const opportunityNode = (deal: FakeOpportunity, stages = PIPELINE_STAGES) => {
  const toStage = deal.pendingApprovalTo ? stages.find((candidate) => candidate.key === deal.pendingApprovalTo) : null;
  return {
    __typename: "Opportunity",
    id: deal.id,
    version: deal.version,
    name: deal.name,
    amount: deal.amount,
    status: deal.status,
    expectedClose: deal.expectedClose,
    stage: { __typename: "PipelineStage", id: stageId(deal.stageKey), key: deal.stageKey },
    customer: { __typename: "Customer", ...deal.customer },
    owner: { __typename: "User", ...deal.owner },
    pendingApproval: toStage
      ? {
          __typename: "Approval",
          id: `approval-${deal.id}`,
          status: "PENDING",
          toStage: { __typename: "PipelineStage", id: toStage.id, key: toStage.key, name: toStage.name },
        }
      : null,
  };
};

export const connection = (typename: string, nodes: unknown[], totalCount = nodes.length, hasNextPage = false) => ({
  __typename: typename,
  totalCount,
  pageInfo: { __typename: "PageInfo", hasNextPage, endCursor: hasNextPage ? "cursor-1" : null },
  nodes,
});

export const userErrorsOf = (...errors: Array<{ field: string | null; message: string; code: string }>) =>
  errors.map((error) => ({ __typename: "UserError", ...error }));

type PipelineServerOptions = {
  viewer?: Viewer;
  /** Answers opportunityMoveStage instead of the built-in rules when it returns something. */
  onMove?: (variables: Record<string, unknown>) => FakeGraphqlResponse | undefined;
  /** The pipeline's stages, as the server names them (default: the seeded ones, to a zh-CN reader). */
  stages?: typeof PIPELINE_STAGES;
};

/**
 * A fake server holding deals: moves follow the API's rules (the quote stage is gated above 100,000, lost
 * closes the deal), and the board's queries answer from the current state.
 */
export const pipelineServer = (deals: FakeOpportunity[], { viewer = SALES_REP, onMove, stages = PIPELINE_STAGES }: PipelineServerOptions = {}) => {
  const state = deals.map((deal) => ({ ...deal }));
  const resolver: FakeGraphqlResolver = (operationName, variables) => {
    switch (operationName) {
      case "Viewer":
        return viewerResponse(viewer);
      case "SalesPipelineStages":
        return { data: { pipelineStages: stages } };
      case "SalesForce":
        return { data: { salesForce: [] } };
      case "PipelineOpportunities": {
        const filter = variables["filter"] as { stageIds: string[]; statuses: string[]; search?: string | null };
        const nodes = state
          .filter((deal) => filter.stageIds.includes(stageId(deal.stageKey)) && filter.statuses.includes(deal.status))
          .filter((deal) => !filter.search || deal.name.includes(filter.search))
          .map((deal) => opportunityNode(deal, stages));
        return { data: { opportunities: connection("OpportunityConnection", nodes) } };
      }
      case "OpportunityMoveStage": {
        const custom = onMove?.(variables);
        if (custom) return custom;
        const input = variables["input"] as { id: string; stageId: string; version: number; lostReason?: string };
        const deal = state.find((candidate) => candidate.id === input.id);
        const target = stages.find((candidate) => candidate.id === input.stageId);
        if (!deal || !target) throw new Error("unknown deal or stage");
        const gated = target.requiresApproval && Number(deal.amount) > Number(target.approvalThreshold ?? 0);
        if (gated) deal.pendingApprovalTo = target.key;
        else {
          deal.stageKey = target.key;
          deal.version += 1;
          deal.pendingApprovalTo = null;
          if (target.isLost) {
            deal.status = "LOST";
            deal.lostReason = input.lostReason;
          }
          if (target.isWon) deal.status = "WON";
        }
        const node = opportunityNode(deal, stages);
        return {
          data: {
            opportunityMoveStage: {
              __typename: "OpportunityMovePayload",
              moved: !gated,
              approval: gated ? node.pendingApproval : null,
              opportunity: { __typename: "Opportunity", id: node.id, version: node.version, status: node.status, stage: node.stage },
              userErrors: [],
            },
          },
        };
      }
      default:
        throw new Error(`unexpected operation ${operationName}`);
    }
  };
  return { resolver, state };
};
