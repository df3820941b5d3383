import { useCallback, useEffect, useRef, useState } from "react";

/** At most this many segment counts run at once: each is a rule tree counted over every customer the viewer may
 * see, so a page of twenty segments asking at once would hold twenty of the server's database connections. */
export const COUNT_SLOTS = 3;

let running = 0;
const waiting: Array<() => void> = [];

const release = () => {
  running -= 1;
  const next = waiting.shift();
  if (next) {
    running += 1;
    next();
  }
};

/** Whether this count may run now, and how to give the slot back once its answer (or an error) arrived. A slot is
 * taken on mount (or when one frees up) and given back by `done` or on unmount, whichever comes first. */
export const useCountSlot = (): { granted: boolean; done: () => void } => {
  const [granted, setGranted] = useState(false);
  const held = useRef(false);
  const done = useCallback(() => {
    if (held.current) {
      held.current = false;
      release();
    }
  }, []);
  useEffect(() => {
    const grant = () => {
      held.current = true;
      setGranted(true);
    };
    if (running < COUNT_SLOTS) {
      running += 1;
      grant();
    } else {
      waiting.push(grant);
    }
    return () => {
      const queued = waiting.indexOf(grant);
      if (queued >= 0) waiting.splice(queued, 1);
      done();
    };
  }, [done]);
  return { granted, done };
};
