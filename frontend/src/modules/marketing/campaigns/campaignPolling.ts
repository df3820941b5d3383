import { useEffect } from "react";

/** How often a sending (or about to send) campaign's progress is asked again. */
export const POLL_MS = 3000;
/** A scheduled campaign is watched from this long before its time (its worker may start it a little early or late). */
export const POLL_LEAD_MS = 2 * 60 * 1000;
/** setTimeout's longest delay (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * How long until a campaign's progress is worth asking for again: 0 while it is sending or within two minutes of
 * (or past) its scheduled time, the time until then for a campaign scheduled later, null when it will not change
 * by itself (a draft, done or cancelled).
 */
export const pollWait = (status: string, scheduledAt: string | null | undefined, now: number): number | null => {
  if (status === "SENDING") return 0;
  if (status !== "SCHEDULED") return null;
  if (!scheduledAt) return 0;
  return Math.max(0, Date.parse(scheduledAt) - POLL_LEAD_MS - now);
};

/**
 * Asks `refresh` every three seconds while the campaign is sending or about to be sent, and not while the tab is
 * hidden (it asks at once when the tab is shown again); a campaign scheduled days ahead is not polled until then.
 */
export const useCampaignPolling = (status: string | undefined, scheduledAt: string | null | undefined, refresh: () => void) => {
  useEffect(() => {
    if (!status || pollWait(status, scheduledAt, Date.now()) === null) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      const wait = pollWait(status, scheduledAt, Date.now());
      if (wait === null) return;
      timer = setTimeout(() => {
        if (!document.hidden && pollWait(status, scheduledAt, Date.now()) === 0) refresh();
        next();
      }, Math.min(Math.max(wait, POLL_MS), MAX_DELAY_MS));
    };
    next();
    const shown = () => {
      if (!document.hidden && pollWait(status, scheduledAt, Date.now()) === 0) refresh();
    };
    document.addEventListener("visibilitychange", shown);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", shown);
    };
  }, [status, scheduledAt, refresh]);
};
