import type { OpportunityLineInput } from "../../../generated/graphql";

/** A line as the lines editor holds it: money as decimal strings (never floats), quantity a whole number. */
export type LineDraft = {
  /** Stable per row while editing (saved lines: their id). */
  key: string;
  productId: string | null;
  name: string;
  quantity: number | null;
  unitPrice: string | null;
};

/** A saved line, as the deal page reads it. */
export type SavedLine = {
  id: string;
  name: string;
  quantity: number;
  unitPrice: string;
  product?: { id: string } | null;
};

/** Fen (hundredths of a yuan) of a decimal string, or null when it is not an amount. */
export const toFen = (value: string | null | undefined): number | null => {
  const text = (value ?? "").trim();
  if (!/^\d+(\.\d{0,2})?$/.test(text)) return null;
  const [whole = "0", fraction = ""] = text.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
};

/** A decimal string of fen: 1099700 -> "10997.00". */
export const fromFen = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

/** A line's amount (quantity × unit price) as a decimal string, or null while it is incomplete. */
export const lineAmount = (line: Pick<LineDraft, "quantity" | "unitPrice">): string | null => {
  const fen = toFen(line.unitPrice);
  return fen === null || !line.quantity ? null : fromFen(fen * line.quantity);
};

/** The total of the lines (the deal's amount once saved), counting complete lines only. */
export const linesTotal = (lines: readonly LineDraft[]): string =>
  fromFen(lines.reduce((sum, line) => sum + (toFen(line.unitPrice) ?? 0) * (line.quantity ?? 0), 0));

/** The editor's rows of the saved lines. */
export const draftsOf = (lines: readonly SavedLine[]): LineDraft[] =>
  lines.map((line) => ({ key: line.id, productId: line.product?.id ?? null, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice }));

/** Every row has a product, a quantity of at least 1 and a price. */
export const linesComplete = (lines: readonly LineDraft[]): boolean =>
  lines.every((line) => line.productId !== null && (line.quantity ?? 0) >= 1 && toFen(line.unitPrice) !== null);

/** The opportunityLinesSet lines of the editor's rows (a line whose product was deleted cannot be saved again). */
export const linesInput = (lines: readonly LineDraft[]): OpportunityLineInput[] =>
  lines.flatMap((line) =>
    line.productId && line.quantity
      ? [{ productId: line.productId, quantity: line.quantity, unitPrice: line.unitPrice === null ? null : fromFen(toFen(line.unitPrice) ?? 0) }]
      : [],
  );

/** The rows differ from what is saved (in order, product, quantity or price). */
export const linesChanged = (saved: readonly SavedLine[], lines: readonly LineDraft[]): boolean => {
  if (saved.length !== lines.length) return true;
  return saved.some((line, i) => {
    const draft = lines[i];
    return (
      !draft ||
      draft.productId !== (line.product?.id ?? null) ||
      draft.quantity !== line.quantity ||
      toFen(draft.unitPrice) !== toFen(line.unitPrice)
    );
  });
};
