import { describe, expect, it } from "vitest";

import { POLL_LEAD_MS, pollWait } from "../campaignPolling";

const NOW = Date.parse("2026-12-07T08:00:00Z");

describe("pollWait", () => {
  it("polls a sending campaign, and one scheduled within two minutes or overdue", () => {
    expect(pollWait("SENDING", null, NOW)).toBe(0);
    expect(pollWait("SCHEDULED", "2026-12-07T08:01:30Z", NOW)).toBe(0);
    expect(pollWait("SCHEDULED", "2026-12-07T07:55:00Z", NOW)).toBe(0);
  });

  it("waits for a campaign scheduled days ahead instead of asking every 3 s", () => {
    const inThreeDays = new Date(NOW + 3 * 86_400_000).toISOString();
    expect(pollWait("SCHEDULED", inThreeDays, NOW)).toBe(3 * 86_400_000 - POLL_LEAD_MS);
  });

  it("does not poll what will not change by itself", () => {
    for (const status of ["DRAFT", "DONE", "CANCELLED"]) expect(pollWait(status, null, NOW)).toBeNull();
  });
});
