import { createContext } from "react";

import type { BoardOpportunity } from "../types/BoardOpportunity";
import type { PipelineStage } from "../types/PipelineStage";

export type PipelineBoard = {
  /** Every stage in position order, the closed ones too. */
  stages: readonly PipelineStage[];
  /** The viewer may move cards. */
  canMove: boolean;
  /** Moves a card (from a drop or its "move to" menu). */
  requestMove: (opportunity: BoardOpportunity, stage: PipelineStage) => void;
  /** Cards whose move this session asked a director about (shown before the board refetches). */
  awaitingApproval: ReadonlySet<string>;
  /** The card being moved right now. */
  movingId: string | null;
  /** Goes up when the board must be loaded again from the server (after a CONFLICT). */
  reloadToken: number;
};

/** Set by PipelineBoard for its columns and cards. */
export const PipelineBoardContext = createContext<PipelineBoard | null>(null);
