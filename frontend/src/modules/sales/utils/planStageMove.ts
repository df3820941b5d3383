import type { OpportunityMoveStageInput } from "../../../generated/graphql";
import type { PipelineStage } from "../types/PipelineStage";

/** What the board needs to know of an opportunity to move it. */
export type MovableOpportunity = {
  id: string;
  version: number;
  name: string;
  stage: { id: string } | null;
};

export type StageMoveTarget = Pick<PipelineStage, "id" | "key" | "name" | "isWon" | "isLost">;

/** What a drop (or a "move to" choice) leads to. */
export type StageMovePlan =
  /** Dropped where it already is, or on nothing: no call. */
  | { kind: "stay" }
  /** Entering a lost stage needs a reason first. */
  | { kind: "askLostReason"; opportunity: MovableOpportunity; stage: StageMoveTarget }
  /** Winning closes the deal and creates an order: confirm first, then send `input`. */
  | { kind: "confirmWon"; opportunity: MovableOpportunity; stage: StageMoveTarget; input: OpportunityMoveStageInput }
  /** Send `input` to opportunityMoveStage. */
  | { kind: "move"; opportunity: MovableOpportunity; stage: StageMoveTarget; input: OpportunityMoveStageInput };

/**
 * Decides what moving `opportunity` onto `stage` does. The card's `version` goes along so that a deal someone
 * else changed since the board loaded answers CONFLICT instead of being moved blindly.
 */
export const planStageMove = (
  opportunity: MovableOpportunity,
  stage: StageMoveTarget | null | undefined,
  lostReason?: string,
): StageMovePlan => {
  if (!stage || stage.id === opportunity.stage?.id) return { kind: "stay" };
  const input: OpportunityMoveStageInput = { id: opportunity.id, stageId: stage.id, version: opportunity.version };
  if (stage.isLost) {
    const reason = lostReason?.trim();
    if (!reason) return { kind: "askLostReason", opportunity, stage };
    return { kind: "move", opportunity, stage, input: { ...input, lostReason: reason } };
  }
  if (stage.isWon) return { kind: "confirmWon", opportunity, stage, input };
  return { kind: "move", opportunity, stage, input };
};
