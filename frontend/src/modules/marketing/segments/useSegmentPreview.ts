import { useEffect, useState } from "react";
import { useQuery } from "urql";

import { SEGMENT_PREVIEW_QUERY } from "./segmentPreviewQuery";
import { cleanRules, rulesComplete, type RuleGroup } from "./ruleTree";

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
    pause: !allowed || !complete,
    requestPolicy: "network-only",
  });
  return { ...result, complete, stale: debounced !== serialized };
};
