import { useCallback, useSyncExternalStore } from "react";

/** One clock per interval for every caller on the page: a single timer each, running only while someone listens. */
type Clock = { listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | null; now: number };

const clocks = new Map<number, Clock>();

const clockOf = (intervalMs: number): Clock => {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { listeners: new Set(), timer: null, now: Date.now() };
    clocks.set(intervalMs, clock);
  }
  return clock;
};

/** The current time in ms, re-rendering the caller every `intervalMs` (every second by default, for countdowns). */
export const useNow = (intervalMs = 1000): number => {
  const subscribe = useCallback(
    (listener: () => void) => {
      const clock = clockOf(intervalMs);
      clock.listeners.add(listener);
      if (clock.timer === null) {
        clock.now = Date.now();
        clock.timer = setInterval(() => {
          clock.now = Date.now();
          for (const notify of clock.listeners) notify();
        }, intervalMs);
      }
      return () => {
        clock.listeners.delete(listener);
        if (clock.listeners.size === 0 && clock.timer !== null) {
          clearInterval(clock.timer);
          clock.timer = null;
        }
      };
    },
    [intervalMs],
  );
  const snapshot = useCallback(() => {
    const clock = clockOf(intervalMs);
    // Without the timer, refresh at most once an interval: a snapshot must not change between two reads.
    if (clock.timer === null && Math.abs(Date.now() - clock.now) >= intervalMs) clock.now = Date.now();
    return clock.now;
  }, [intervalMs]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
};
