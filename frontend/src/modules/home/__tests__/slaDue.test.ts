import { describe, expect, it } from "vitest";

import { bySlaUrgency, durationParts, nextSlaDue, type SlaTicket } from "../utils/slaDue";

const NOW = Date.parse("2026-11-23T10:00:00Z");
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

const ticket = (overrides: Partial<SlaTicket["sla"]>, firstRespondedAt: string | null = null): SlaTicket => ({
  firstRespondedAt,
  sla: {
    firstResponseDueAt: at(30),
    resolutionDueAt: at(600),
    firstResponseBreached: false,
    resolutionBreached: false,
    paused: false,
    ...overrides,
  },
});

describe("nextSlaDue", () => {
  it("counts down to the first response until there is one, then to the resolution", () => {
    expect(nextSlaDue(ticket({}), NOW)).toMatchObject({ kind: "firstResponse", remainingMs: 30 * 60_000, overdue: false });
    expect(nextSlaDue(ticket({}, at(-5)), NOW)).toMatchObject({ kind: "resolution", remainingMs: 600 * 60_000 });
  });

  it("is overdue past the deadline or once the server says it was breached", () => {
    expect(nextSlaDue(ticket({ firstResponseDueAt: at(-1) }), NOW)).toMatchObject({ overdue: true });
    expect(nextSlaDue(ticket({ resolutionBreached: true }, at(-5)), NOW)).toMatchObject({ overdue: true });
  });

  it("has nothing to count without a due time, and reports a paused clock", () => {
    expect(nextSlaDue(ticket({ firstResponseDueAt: null, resolutionDueAt: null }), NOW)).toBeNull();
    expect(nextSlaDue(ticket({ paused: true }), NOW)).toMatchObject({ paused: true });
  });

  it("orders tickets by the time left, overdue first, those without a deadline last", () => {
    const soon = ticket({ firstResponseDueAt: at(10) });
    const late = ticket({ firstResponseDueAt: at(-10) });
    const none = ticket({ firstResponseDueAt: null, resolutionDueAt: null });
    expect([none, soon, late].sort(bySlaUrgency(NOW))).toEqual([late, soon, none]);
  });
});

describe("durationParts", () => {
  it("splits a duration into whole days, hours and minutes", () => {
    expect(durationParts((2 * 1440 + 3 * 60 + 4) * 60_000 + 59_000)).toEqual({ days: 2, hours: 3, minutes: 4 });
    expect(durationParts(-45 * 60_000)).toEqual({ days: 0, hours: 0, minutes: 45 });
  });
});
