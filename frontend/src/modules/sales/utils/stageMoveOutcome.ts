import type { CombinedError } from "@urql/core";

import type { OpportunityMoveStageMutation } from "../../../generated/graphql";
import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import type { UserError } from "../../graphql/errors/mutationProblem";

export type StageMoveOutcome =
  | { kind: "moved" }
  /** A gated stage: nothing moved, a director was asked (`toStage` is the stage asked for). */
  | { kind: "awaitingApproval"; toStage: { key: string; name: string } | null }
  /** INVALID_TRANSITION, APPROVAL_PENDING, a missing lost reason... */
  | { kind: "refused"; userErrors: readonly UserError[] }
  /** The deal changed since the board loaded it. */
  | { kind: "conflict" }
  | { kind: "failed"; error: CombinedError | null };

type MoveResult = {
  data?: OpportunityMoveStageMutation | undefined;
  error?: CombinedError | undefined;
};

/** Reads what opportunityMoveStage answered. */
export const stageMoveOutcome = ({ data, error }: MoveResult): StageMoveOutcome => {
  if (error) return hasGraphqlErrorCode(error, "CONFLICT") ? { kind: "conflict" } : { kind: "failed", error };
  const payload = data?.opportunityMoveStage;
  if (!payload) return { kind: "failed", error: null };
  if (payload.userErrors.length > 0) return { kind: "refused", userErrors: payload.userErrors };
  if (payload.moved) return { kind: "moved" };
  return { kind: "awaitingApproval", toStage: payload.approval?.toStage ?? null };
};
