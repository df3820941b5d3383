import type { DragEndEvent } from "@dnd-kit/core";

import type { BoardOpportunity } from "../types/BoardOpportunity";
import type { PipelineStage } from "../types/PipelineStage";

/** The data a draggable card carries. */
export const opportunityDragData = (opportunity: BoardOpportunity) => ({ kind: "opportunity", opportunity }) as const;

/** The data a stage's drop target carries. */
export const stageDropData = (stage: PipelineStage) => ({ kind: "stage", stage }) as const;

/** Droppable ids are namespaced so that they never collide with a card's id. */
export const stageDropId = (stageId: string): string => `stage:${stageId}`;

export type OpportunityDrop = {
  opportunity: BoardOpportunity;
  stage: PipelineStage;
};

/** The card and the stage of a finished drag, or null when it was dropped on nothing (or not a card). */
export const opportunityDropOf = ({ active, over }: Pick<DragEndEvent, "active" | "over">): OpportunityDrop | null => {
  const dragged = active.data.current;
  const target = over?.data.current;
  if (dragged?.["kind"] !== "opportunity" || target?.["kind"] !== "stage") return null;
  return { opportunity: dragged["opportunity"] as BoardOpportunity, stage: target["stage"] as PipelineStage };
};
