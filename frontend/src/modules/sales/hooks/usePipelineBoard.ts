import { useContext } from "react";

import { PipelineBoardContext, type PipelineBoard } from "../contexts/PipelineBoardContext";

/** The board a column or card sits on; only valid below PipelineBoard. */
export const usePipelineBoard = (): PipelineBoard => {
  const board = useContext(PipelineBoardContext);
  if (!board) throw new Error("usePipelineBoard is used outside PipelineBoard.");
  return board;
};
