import { act, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "../../../testing/renderApp";
import { SlaCountdown } from "../components/SlaCountdown";
import { bySlaUrgency, readSlaClock, runningSlaClock, type SlaClock } from "../utils/slaClock";

const NOW = Date.parse("2026-03-02T09:00:00Z");
const at = (secondsFromNow: number) => new Date(NOW + secondsFromNow * 1000).toISOString();

const clock = (overrides: Partial<SlaClock> = {}): SlaClock => ({
  target: "firstResponse",
  dueAt: at(10),
  warnAt: at(5),
  breached: false,
  paused: false,
  ...overrides,
});

const noServer = () => {
  throw new Error("the countdown asks the server nothing");
};

const countdown = () => screen.getByTestId("sla-countdown");

describe("SlaCountdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks every second, turns amber at the warn time and red once breached", () => {
    renderWithProviders(<SlaCountdown clock={clock()} />, noServer);
    expect(countdown()).toHaveTextContent("剩余 00:00:10");
    expect(countdown()).toHaveAttribute("data-tone", "ok");

    act(() => vi.advanceTimersByTime(1000));
    expect(countdown()).toHaveTextContent("剩余 00:00:09");
    expect(countdown()).toHaveAttribute("data-tone", "ok");

    act(() => vi.advanceTimersByTime(4000)); // the 80% warn time
    expect(countdown()).toHaveTextContent("剩余 00:00:05");
    expect(countdown()).toHaveAttribute("data-tone", "warning");
    expect(countdown()).toHaveClass("ant-tag-warning");

    act(() => vi.advanceTimersByTime(5000)); // due
    expect(countdown()).toHaveAttribute("data-tone", "breached");
    expect(countdown()).toHaveClass("ant-tag-error");
    act(() => vi.advanceTimersByTime(3000));
    expect(countdown()).toHaveTextContent("已超时 00:00:03");
  });

  it("counts days in English", () => {
    renderWithProviders(<SlaCountdown clock={clock({ dueAt: at(2 * 86_400 + 3661), warnAt: at(86_400) })} />, noServer, {
      language: "en",
    });
    expect(countdown()).toHaveTextContent("2 days 01:01:01 left");
  });

  it("is red when the server says the target was breached, before the due time", () => {
    renderWithProviders(<SlaCountdown clock={clock({ breached: true })} />, noServer);
    expect(countdown()).toHaveAttribute("data-tone", "breached");
  });

  it("shows paused while the ticket waits on the customer, and does not tick", () => {
    renderWithProviders(<SlaCountdown clock={clock({ paused: true, dueAt: at(-60) })} />, noServer);
    expect(countdown()).toHaveTextContent("已暂停（等待客户）");
    expect(countdown()).toHaveAttribute("data-tone", "paused");
    act(() => vi.advanceTimersByTime(5000));
    expect(countdown()).toHaveTextContent("已暂停（等待客户）");
  });
});

describe("runningSlaClock", () => {
  const sla = {
    firstResponseDueAt: at(10),
    firstResponseWarnAt: at(5),
    resolutionDueAt: at(100),
    resolutionWarnAt: at(80),
    firstResponseBreached: false,
    resolutionBreached: true,
    paused: false,
  };

  it("races the first response until someone answered, then resolution; nothing once resolved", () => {
    expect(runningSlaClock({ status: "NEW", firstRespondedAt: null, sla })?.target).toBe("firstResponse");
    const resolution = runningSlaClock({ status: "IN_PROGRESS", firstRespondedAt: at(-1), sla });
    expect(resolution?.target).toBe("resolution");
    expect(resolution && readSlaClock(resolution, NOW).tone).toBe("breached");
    expect(runningSlaClock({ status: "RESOLVED", firstRespondedAt: at(-1), sla })).toBeNull();
    expect(runningSlaClock({ status: "NEW" })).toBeNull();
  });

  it("orders tickets by the time left, overdue first, those without a running clock last", () => {
    const soon = { status: "NEW" as const, firstRespondedAt: null, sla: { ...sla, firstResponseDueAt: at(30) } };
    const late = { status: "NEW" as const, firstRespondedAt: null, sla: { ...sla, firstResponseDueAt: at(-30) } };
    const none = { status: "RESOLVED" as const, firstRespondedAt: at(-1), sla };
    expect([none, soon, late].sort(bySlaUrgency(NOW))).toEqual([late, soon, none]);
  });
});
