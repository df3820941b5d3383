import { useEffect, useState } from "react";
import { useQuery } from "urql";

import { SEGMENT_PREVIEW_QUERY } from "./segmentPreviewQuery";
import { cleanRules, readRules, rulesComplete, type RuleGroup } from "./ruleTree";

/**
 * Whether the live count may be asked: the rules being edited are complete, and so are the debounced ones it would
 * send (just after completing a condition, the debounced rules are still the incomplete ones for 500 ms: sending them
 * made the count flicker through an error).
 */
export const previewReady = (rules: RuleGroup, debounced: string): boolean =>
  rulesComplete(rules) && rulesComplete(readRules(JSON.parse(debounced) as unknown));

/** The live count of a rule tree being edited: asked 500 ms after the last change, once every condition is complete. */
export const useSegmentPreview = (rules: RuleGroup, allowed: boolean) => {
  const serialized = JSON.stringify(cleanRules(rules));
  const [debounced, setDebounced] = useState(serialized);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(serialized), 500);
    return () => clearTimeout(timer);
  }, [serialized]);
  const complete = rulesComplete(rules);
  const [result] = useQuery({
    query: SEGMENT_PREVIEW_QUERY,
    variables: { rules: JSON.parse(debounced) as unknown },
    pause: !allowed || !previewReady(rules, debounced),
    requestPolicy: "network-only",
  });
  return { ...result, complete, stale: debounced !== serialized };
};
