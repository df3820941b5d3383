import { Result, Skeleton } from "antd";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useQuery } from "urql";

import { SEGMENT_DETAIL_QUERY } from "../../modules/marketing/segments/segmentDetailQuery";
import { SegmentEditor } from "../../modules/marketing/segments/SegmentEditor";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

const SegmentLoader = ({ id }: { id: string }) => {
  const { t } = useTranslation("marketing");
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SEGMENT_DETAIL_QUERY,
    variables: { id },
    requestPolicy: "cache-and-network",
  });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (fetching && !data) return <Skeleton active />;
  if (!data?.segment) return <Result status="404" title={t("segments.notFound")} />;
  // Remount on a new version so the form starts from what was saved.
  return <SegmentEditor key={`${data.segment.id}:${data.segment.version}`} segment={data.segment} onReload={() => reexecute({ requestPolicy: "network-only" })} />;
};

/** /marketing/segments/:id ("new" creates one): the rule builder with its live count, and a segment's members. */
export const SegmentPage = () => {
  const { id = "new" } = useParams();
  return id === "new" ? <SegmentEditor segment={null} onReload={() => undefined} /> : <SegmentLoader id={id} />;
};
