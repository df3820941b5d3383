import { describe, expect, it } from "vitest";

import { importKindEnum, importKindOf, importPath, importSteps, nextStep, previousStep, shownCounts } from "../utils/importKinds";
import { mappedValueTargets, valueChoices } from "../utils/importMapping";
import { uploadPath } from "../utils/uploadImportFile";

const NONE = { create: 0, update: 0, skip: 0, conflict: 0, reject: 0 };

describe("import kinds", () => {
  it("reads a kind from the address or the server, anything else as customers", () => {
    expect(importKindOf("orders")).toBe("orders");
    expect(importKindOf("tickets")).toBe("tickets");
    expect(importKindOf("customers")).toBe("customers");
    expect(importKindOf("ORDERS")).toBe("customers");
    expect(importKindOf(null)).toBe("customers");
    expect(importKindOf(undefined)).toBe("customers");
  });

  it("asks for a duplicate strategy for customers only", () => {
    expect(importSteps("customers")).toEqual(["upload", "sheet", "columns", "values", "duplicates", "preview", "run"]);
    expect(importSteps("orders")).toEqual(["upload", "sheet", "columns", "values", "preview", "run"]);
    expect(importSteps("tickets")).toEqual(["upload", "sheet", "columns", "values", "preview", "run"]);
  });

  it("goes from the values step to the duplicates for customers, straight to the preview for the others", () => {
    expect(nextStep("customers", "values")).toBe("duplicates");
    expect(nextStep("customers", "duplicates")).toBe("preview");
    expect(nextStep("orders", "values")).toBe("preview");
    expect(nextStep("tickets", "values")).toBe("preview");
    expect(nextStep("orders", "run")).toBeNull();
    expect(previousStep("customers", "preview")).toBe("duplicates");
    expect(previousStep("orders", "preview")).toBe("values");
    expect(previousStep("orders", "sheet")).toBe("upload");
    expect(previousStep("orders", "upload")).toBeNull();
    // A started run is not walked back.
    expect(previousStep("orders", "run")).toBeNull();
  });

  it("shows the counts a kind can have, and any other the server reports all the same", () => {
    expect(shownCounts("customers", NONE)).toEqual(["create", "update", "skip", "conflict", "reject"]);
    expect(shownCounts("orders", NONE)).toEqual(["create", "update", "reject"]);
    expect(shownCounts("orders", { ...NONE, skip: 2 })).toEqual(["create", "update", "skip", "reject"]);
  });

  it("links, uploads and names templates by kind", () => {
    expect(importPath("customers")).toBe("/customers/import");
    expect(importPath("orders")).toBe("/customers/import?kind=orders");
    expect(uploadPath("customers")).toBe("/imports?kind=customers");
    expect(uploadPath("tickets")).toBe("/imports?kind=tickets");
    expect(importKindEnum("orders")).toBe("ORDERS");
  });

  it("maps the values of a kind's own fields: an order's status is not a customer's", () => {
    const columns = { 状态: "status", 渠道: "channel", 等级: "grade", 备注: null };
    expect(mappedValueTargets("customers", columns)).toEqual(["grade", "status"]);
    expect(mappedValueTargets("orders", columns)).toEqual(["status", "channel"]);
    expect(mappedValueTargets("tickets", { 优先级: "priority" })).toEqual(["priority"]);
    expect(valueChoices("orders", "status")).toContain("completed");
    expect(valueChoices("customers", "status")).toContain("dormant");
    expect(valueChoices("customers", "tags")).toBeNull();
  });
});
