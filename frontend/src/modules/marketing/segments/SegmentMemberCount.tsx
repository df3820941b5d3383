import { Spin, Tooltip } from "antd";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { SEGMENT_COUNT_QUERY } from "./segmentCountQuery";

/** A segment's member count, fetched on its own: each dynamic segment is counted by its rules, so a list shows at
 * once and its counts follow, one request per segment. */
export const SegmentMemberCount = ({ id }: { id: string }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const [{ data, fetching, error }] = useQuery({ query: SEGMENT_COUNT_QUERY, variables: { id } });
  const count = data?.segment?.memberCount;
  if (count != null) return <span data-testid="segment-member-count">{format.number(count)}</span>;
  if (fetching) return <Spin size="small" />;
  return (
    <Tooltip title={error?.message ?? t("segments.countUnavailable")}>
      <span data-testid="segment-member-count">—</span>
    </Tooltip>
  );
};
