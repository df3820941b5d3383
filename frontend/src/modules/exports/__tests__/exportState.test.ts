import { describe, expect, it } from "vitest";

import { exportDownloadPath, exportPending, exportState } from "../utils/exportState";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const LATER = "2026-03-09T12:00:00Z";
const EARLIER = "2026-03-01T12:00:00Z";

describe("exportState", () => {
  it("follows the job: queued, running, ready", () => {
    expect(exportState({ status: "queued", ready: false, expiresAt: LATER }, NOW)).toBe("queued");
    expect(exportState({ status: "running", ready: false, expiresAt: LATER }, NOW)).toBe("running");
    expect(exportState({ status: "done", ready: true, expiresAt: LATER }, NOW)).toBe("ready");
  });

  it("says failed, and expired once a finished file is past its retention", () => {
    expect(exportState({ status: "failed", ready: false, expiresAt: LATER }, NOW)).toBe("failed");
    expect(exportState({ status: "failed", ready: false, expiresAt: EARLIER }, NOW)).toBe("failed");
    expect(exportState({ status: "done", ready: true, expiresAt: EARLIER }, NOW)).toBe("expired");
  });

  it("is pending while queued or running", () => {
    expect(["queued", "running", "done", "failed"].map((status) => exportPending({ status }))).toEqual([true, true, false, false]);
  });

  it("downloads from the server's /exports/{id}", () => {
    expect(exportDownloadPath("RXhwb3J0RmlsZTox")).toBe("/exports/RXhwb3J0RmlsZTox");
  });
});
