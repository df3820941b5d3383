import dayjs from "dayjs";
import { describe, expect, it } from "vitest";

import { opportunityFormValues, opportunityUpdateInput } from "../utils/opportunityInput";
import {
  draftsOf,
  fromFen,
  lineAmount,
  linesChanged,
  linesComplete,
  linesInput,
  linesTotal,
  toFen,
  type SavedLine,
} from "../utils/opportunityLines";

const SAVED: SavedLine[] = [
  { id: "l1", name: "激光打印机", quantity: 3, unitPrice: "2999.00", product: { id: "p1" } },
  { id: "l2", name: "Service plan", quantity: 2, unitPrice: "1000.00", product: { id: "p2" } },
];

describe("money as decimal strings", () => {
  it("counts in fen, never in floats", () => {
    expect(toFen("0.1")).toBe(10);
    expect(toFen("2999.99")).toBe(299999);
    expect(toFen("1.234")).toBeNull();
    expect(toFen("-1")).toBeNull();
    expect(fromFen(10 + 20)).toBe("0.30"); // 0.1 + 0.2, exactly
    expect(lineAmount({ quantity: 3, unitPrice: "0.10" })).toBe("0.30");
    expect(lineAmount({ quantity: null, unitPrice: "1" })).toBeNull();
  });

  it("totals the lines as the server will set the amount", () => {
    expect(linesTotal(draftsOf(SAVED))).toBe("10997.00");
    expect(linesTotal([])).toBe("0.00");
  });
});

describe("the lines editor", () => {
  it("knows when the rows differ from what is saved", () => {
    const rows = draftsOf(SAVED);
    expect(linesChanged(SAVED, rows)).toBe(false);
    expect(linesChanged(SAVED, [{ ...rows[0]!, unitPrice: "2999" }, rows[1]!])).toBe(false); // the same price
    expect(linesChanged(SAVED, [{ ...rows[0]!, quantity: 4 }, rows[1]!])).toBe(true);
    expect(linesChanged(SAVED, [rows[1]!, rows[0]!])).toBe(true); // the order is the lines' order
    expect(linesChanged(SAVED, rows.slice(1))).toBe(true);
  });

  it("saves complete rows only, prices normalised", () => {
    const rows = [...draftsOf(SAVED), { key: "n1", productId: null, name: "", quantity: 1, unitPrice: null }];
    expect(linesComplete(rows)).toBe(false);
    expect(linesComplete(draftsOf(SAVED))).toBe(true);
    expect(linesInput([{ key: "x", productId: "p1", name: "", quantity: 2, unitPrice: "5" }])).toEqual([
      { productId: "p1", quantity: 2, unitPrice: "5.00" },
    ]);
  });
});

describe("opportunityUpdateInput", () => {
  const deal = { id: "T3Bw", version: 7, name: "办公设备", amount: "10997.00", expectedClose: "2026-06-30" };

  it("sends what changed with the version read", () => {
    expect(opportunityUpdateInput(deal, opportunityFormValues(deal), { amountFromLines: false })).toBeNull();
    const values = { name: "办公设备二期", amount: "12000", expectedClose: dayjs("2026-07-15") };
    expect(opportunityUpdateInput(deal, values, { amountFromLines: false })).toEqual({
      id: "T3Bw",
      version: 7,
      name: "办公设备二期",
      amount: "12000.00",
      expectedClose: "2026-07-15",
    });
  });

  it("leaves the amount to the lines when the deal has some", () => {
    const values = { ...opportunityFormValues(deal), amount: "1" };
    expect(opportunityUpdateInput(deal, values, { amountFromLines: true })).toBeNull();
  });
});
