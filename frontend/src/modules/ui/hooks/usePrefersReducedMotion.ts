import { useSyncExternalStore } from "react";

const QUERY = "(prefers-reduced-motion: reduce)";

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(QUERY);
  query.addEventListener?.("change", onChange);
  return () => query.removeEventListener?.("change", onChange);
};

const snapshot = () => window.matchMedia(QUERY).matches;

/**
 * Whether the person asked their system for less motion (an accessibility setting: motion can make some people
 * ill). Ant Design ignores it by itself; the app turns its animations off then, and follows a change at once.
 */
export const usePrefersReducedMotion = (): boolean => useSyncExternalStore(subscribe, snapshot, () => false);
