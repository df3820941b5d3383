import { CombinedError } from "@urql/core";
import { describe, expect, it } from "vitest";

import type { BoardOpportunity } from "../types/BoardOpportunity";
import type { PipelineStage } from "../types/PipelineStage";
import { opportunityDragData, opportunityDropOf, stageDropData } from "../utils/opportunityDrop";
import { planStageMove } from "../utils/planStageMove";
import { stageMoveOutcome } from "../utils/stageMoveOutcome";

const stage = (key: string, extra: Partial<Omit<PipelineStage, "__typename">> = {}): PipelineStage => ({
  __typename: "PipelineStage",
  id: `stage-${key}`,
  key,
  name: key,
  position: 1,
  probability: 10,
  requiresApproval: false,
  approvalThreshold: null,
  isWon: false,
  isLost: false,
  ...extra,
});

const NEEDS = stage("needs_analysis");
const QUOTE = stage("quote", { requiresApproval: true, approvalThreshold: "100000.00" });
const WON = stage("won", { isWon: true });
const LOST = stage("lost", { isLost: true });

const DEAL: BoardOpportunity = {
  __typename: "Opportunity",
  id: "opp-1",
  version: 7,
  name: "年度框架协议",
  amount: "150000.00",
  status: "OPEN",
  expectedClose: null,
  stage: { __typename: "PipelineStage", id: NEEDS.id, key: NEEDS.key },
};

/** A drag end event as dnd-kit hands it over (only the parts the handler reads). */
const dropEvent = (activeData: Record<string, unknown> | undefined, overData: Record<string, unknown> | undefined | null) =>
  ({
    active: { id: "opp-1", data: { current: activeData }, rect: { current: { initial: null, translated: null } } },
    over: overData === null ? null : { id: "stage:x", data: { current: overData }, rect: { width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }, disabled: false },
  }) as unknown as Parameters<typeof opportunityDropOf>[0];

describe("opportunityDropOf: the drop handler's reading of a drag", () => {
  it("gives the card and the stage it was dropped on", () => {
    expect(opportunityDropOf(dropEvent(opportunityDragData(DEAL), stageDropData(QUOTE)))).toEqual({ opportunity: DEAL, stage: QUOTE });
  });

  it("ignores a drop on nothing or of something that is not a card", () => {
    expect(opportunityDropOf(dropEvent(opportunityDragData(DEAL), null))).toBeNull();
    expect(opportunityDropOf(dropEvent({ kind: "column" }, stageDropData(QUOTE)))).toBeNull();
    expect(opportunityDropOf(dropEvent(undefined, stageDropData(QUOTE)))).toBeNull();
  });
});

describe("planStageMove", () => {
  it("sends the card's version with the move", () => {
    expect(planStageMove(DEAL, QUOTE)).toEqual({
      kind: "move",
      opportunity: DEAL,
      stage: QUOTE,
      input: { id: "opp-1", stageId: "stage-quote", version: 7 },
    });
  });

  it("does nothing when dropped on its own stage or on nothing", () => {
    expect(planStageMove(DEAL, NEEDS)).toEqual({ kind: "stay" });
    expect(planStageMove(DEAL, null)).toEqual({ kind: "stay" });
  });

  it("asks for a reason before a lost stage, then sends it trimmed", () => {
    expect(planStageMove(DEAL, LOST)).toEqual({ kind: "askLostReason", opportunity: DEAL, stage: LOST });
    expect(planStageMove(DEAL, LOST, "   ")).toEqual({ kind: "askLostReason", opportunity: DEAL, stage: LOST });
    expect(planStageMove(DEAL, LOST, " 价格太高 ")).toMatchObject({
      kind: "move",
      input: { id: "opp-1", stageId: "stage-lost", version: 7, lostReason: "价格太高" },
    });
  });

  it("confirms before winning", () => {
    expect(planStageMove(DEAL, WON)).toMatchObject({ kind: "confirmWon", input: { stageId: "stage-won", version: 7 } });
  });
});

describe("stageMoveOutcome", () => {
  const payload = (moved: boolean, extra: Record<string, unknown> = {}) => ({
    data: {
      __typename: "Mutation" as const,
      opportunityMoveStage: {
        __typename: "OpportunityMovePayload" as const,
        moved,
        approval: null,
        opportunity: null,
        userErrors: [],
        ...extra,
      },
    },
  });

  it("reads moved, awaiting approval and refused answers", () => {
    expect(stageMoveOutcome(payload(true))).toEqual({ kind: "moved" });
    const toStage = { __typename: "PipelineStage", id: QUOTE.id, key: "quote", name: "方案报价" };
    expect(stageMoveOutcome(payload(false, { approval: { __typename: "Approval", id: "a", status: "PENDING", toStage } }))).toEqual({
      kind: "awaitingApproval",
      toStage,
    });
    const userErrors = [{ __typename: "UserError", field: "stageId", message: "Closed deals do not move.", code: "INVALID_TRANSITION" }];
    expect(stageMoveOutcome(payload(false, { userErrors }))).toEqual({ kind: "refused", userErrors });
  });

  it("tells a CONFLICT from other failures", () => {
    const conflict = new CombinedError({ graphQLErrors: [{ message: "stale", extensions: { code: "CONFLICT" } }] });
    expect(stageMoveOutcome({ error: conflict })).toEqual({ kind: "conflict" });
    const forbidden = new CombinedError({ graphQLErrors: [{ message: "no", extensions: { code: "FORBIDDEN" } }] });
    expect(stageMoveOutcome({ error: forbidden })).toEqual({ kind: "failed", error: forbidden });
    expect(stageMoveOutcome({ data: undefined })).toEqual({ kind: "failed", error: null });
  });
});
