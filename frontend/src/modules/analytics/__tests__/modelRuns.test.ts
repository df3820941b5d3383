import { describe, expect, it } from "vitest";

import {
  aucMargin,
  brierImprovement,
  calibrationError,
  kindFromParam,
  modelInForce,
  newestRejected,
  observedRate,
  paramOfKind,
  topDecileLift,
} from "../utils/modelRuns";
import { BINS, PROMOTED, REJECTED, run, SMALL_DATA } from "./runFixtures";

describe("the model in force", () => {
  it("is the newest promoted run, past newer runs that were not promoted", () => {
    const older = run({ id: "older", trainedAt: "2026-11-23T02:00:00Z" });
    expect(modelInForce([REJECTED, PROMOTED, older])).toBe(PROMOTED);
    expect(newestRejected([REJECTED, PROMOTED, older])).toBe(REJECTED);
  });

  it("is none when no loaded run was promoted, and a promoted newest run hides no rejection", () => {
    expect(modelInForce([REJECTED])).toBeNull();
    expect(modelInForce([])).toBeNull();
    expect(newestRejected([PROMOTED, REJECTED])).toBeNull();
  });
});

describe("measures", () => {
  it("reads the held-out rate and the top decile's lift from the deciles", () => {
    // 100 examples per decile, observed 0.07, 0.12, ... 0.52: mean 0.295
    expect(observedRate(BINS)).toBeCloseTo(0.295);
    expect(topDecileLift(PROMOTED)).toBeCloseTo(0.62 / 0.295);
    expect(observedRate([])).toBeNull();
    expect(topDecileLift(SMALL_DATA)).toBeNull();
  });

  it("weights the calibration error by each decile's examples", () => {
    expect(calibrationError(BINS)).toBeCloseTo(0.02);
    const uneven = [
      { ...BINS[0]!, rows: 300, predicted: 0.1, observed: 0.2 },
      { ...BINS[1]!, rows: 100, predicted: 0.5, observed: 0.5 },
    ];
    expect(calibrationError(uneven)).toBeCloseTo(0.075);
    expect(calibrationError([])).toBeNull();
  });

  it("compares with the baseline, and says nothing when a measure is missing", () => {
    expect(aucMargin(PROMOTED)).toBeCloseTo(0.121);
    expect(brierImprovement(PROMOTED)).toBeCloseTo(0.25);
    expect(brierImprovement(REJECTED)).toBeCloseTo(-0.0625);
    expect(aucMargin(SMALL_DATA)).toBeNull();
    expect(brierImprovement(SMALL_DATA)).toBeNull();
    expect(brierImprovement(run({ baselineBrier: 0 }))).toBeNull();
  });
});

describe("the model in the URL", () => {
  it("round-trips and falls back to churn", () => {
    expect(kindFromParam(paramOfKind("WIN"))).toBe("WIN");
    expect(kindFromParam("churn")).toBe("CHURN");
    expect(kindFromParam(null)).toBe("CHURN");
    expect(kindFromParam("nonsense")).toBe("CHURN");
  });
});
