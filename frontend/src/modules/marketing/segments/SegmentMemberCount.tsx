import { Spin, Tooltip } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { useCountSlot } from "./countSlots";
import { SEGMENT_COUNT_QUERY } from "./segmentCountQuery";

/** A segment's member count, fetched on its own: each dynamic segment is counted by its rules, so a list shows at
 * once and its counts follow, one request per segment, a few at a time (`useCountSlot`). */
export const SegmentMemberCount = ({ id }: { id: string }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const slot = useCountSlot();
  const [{ data, fetching, error }] = useQuery({ query: SEGMENT_COUNT_QUERY, variables: { id }, pause: !slot.granted });
  const count = data?.segment?.memberCount;
  const finished = count != null || (!!error && !fetching);
  const { done } = slot;
  useEffect(() => {
    if (finished) done();
  }, [finished, done]);
  if (count != null) return <span data-testid="segment-member-count">{format.number(count)}</span>;
  if (!error) return <Spin size="small" />;
  return (
    <Tooltip title={t("segments.countUnavailable")}>
      <span data-testid="segment-member-count">—</span>
    </Tooltip>
  );
};
