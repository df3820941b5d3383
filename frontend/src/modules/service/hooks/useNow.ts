import { useSyncExternalStore } from "react";

/** One clock for every countdown on the page: a single 1 s interval, running only while someone listens. */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
};

const snapshot = () => {
  // Without the interval, refresh at most once a second: a snapshot must not change between two reads.
  if (timer === null && Math.abs(Date.now() - now) >= 1000) now = Date.now();
  return now;
};

/** The current time in ms, re-rendering the caller every second. */
export const useNow = (): number => useSyncExternalStore(subscribe, snapshot, snapshot);
