import dayjs, { type Dayjs } from "dayjs";

import type { OpportunityUpdateInput } from "../../../generated/graphql";
import { fromFen, toFen } from "./opportunityLines";

export type OpportunityFormValues = {
  name: string;
  amount: string | null;
  expectedClose: Dayjs | null;
};

export type EditableOpportunity = {
  id: string;
  version: number;
  name: string;
  amount: string;
  expectedClose: string | null;
};

export const opportunityFormValues = (opportunity: EditableOpportunity): OpportunityFormValues => ({
  name: opportunity.name,
  amount: opportunity.amount,
  expectedClose: opportunity.expectedClose ? dayjs(opportunity.expectedClose) : null,
});

/**
 * The opportunityUpdate input with what changed and the version read, or null when nothing did. With product
 * lines the amount is their total, so it is not sent (`amountFromLines`).
 */
export const opportunityUpdateInput = (
  opportunity: EditableOpportunity,
  values: OpportunityFormValues,
  { amountFromLines }: { amountFromLines: boolean },
): OpportunityUpdateInput | null => {
  const input: OpportunityUpdateInput = { id: opportunity.id, version: opportunity.version };
  let changed = false;
  const name = values.name.trim();
  if (name && name !== opportunity.name) {
    input.name = name;
    changed = true;
  }
  const fen = toFen(values.amount);
  if (!amountFromLines && fen !== null && fen !== toFen(opportunity.amount)) {
    input.amount = fromFen(fen);
    changed = true;
  }
  const close = values.expectedClose ? values.expectedClose.format("YYYY-MM-DD") : null;
  if (close && close !== opportunity.expectedClose) {
    input.expectedClose = close;
    changed = true;
  }
  return changed ? input : null;
};
