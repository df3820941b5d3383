import { Button, Empty, Flex, Skeleton } from "antd";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

import type { OpportunityFilter } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { PIPELINE_COLUMN_PAGE_SIZE } from "../constants/salesPageSizes";
import { usePipelineBoard } from "../hooks/usePipelineBoard";
import { usePipelineOpportunitiesQuery } from "../hooks/usePipelineOpportunitiesQuery";
import type { PipelineStage } from "../types/PipelineStage";
import { OpportunityCard } from "./OpportunityCard";

export type ColumnPageSummary = {
  totalCount: number;
  amounts: string[];
  hasNextPage: boolean;
  endCursor: string | null;
};

type PipelineColumnPageProps = {
  stage: PipelineStage;
  filter: Pick<OpportunityFilter, "ownerIds" | "search">;
  after: string | null;
  /** Only the first page shows the empty state. */
  first: boolean;
  /** Only the last page offers more. */
  last: boolean;
  onSummary: (after: string | null, summary: ColumnPageSummary) => void;
  onLoadMore: (endCursor: string) => void;
};

/** One page of a column's open opportunities (the first, or one loaded with "load more"). */
export const PipelineColumnPage = ({ stage, filter, after, first, last, onSummary, onLoadMore }: PipelineColumnPageProps) => {
  const { t } = useTranslation("sales");
  const permissions = usePermissions();
  const { reloadToken } = usePipelineBoard();
  const [{ data, fetching, error }, reexecute] = usePipelineOpportunitiesQuery({
    first: PIPELINE_COLUMN_PAGE_SIZE,
    after,
    filter: { ...filter, stageIds: [stage.id], statuses: ["OPEN"] },
    withCustomer: permissions.has("Opportunity", "customer") && permissions.has("Customer", "name"),
    withOwner: permissions.has("Opportunity", "owner") && permissions.has("User", "name"),
    withApproval: permissions.has("Opportunity", "pendingApproval") && permissions.has("Approval", "toStage"),
    withWin: permissions.has("Opportunity", "winProbability") && permissions.has("OpportunityWinProbability", "probability"),
  });
  const connection = data?.opportunities;

  useEffect(() => {
    if (!connection) return;
    onSummary(after, {
      totalCount: connection.totalCount,
      amounts: connection.nodes.map((node) => node.amount),
      hasNextPage: connection.pageInfo.hasNextPage,
      endCursor: connection.pageInfo.endCursor,
    });
  }, [after, connection, onSummary]);

  // After a CONFLICT the board asks every page for fresh data.
  const seenReloadToken = useRef(reloadToken);
  useEffect(() => {
    if (seenReloadToken.current === reloadToken) return;
    seenReloadToken.current = reloadToken;
    reexecute({ requestPolicy: "network-only" });
  }, [reloadToken, reexecute]);

  if (!connection) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return (
      <div data-testid="column-loading">
        <Skeleton active paragraph={{ rows: 3 }} />
      </div>
    );
  }
  if (first && connection.nodes.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("pipeline.emptyColumn")} />;
  }
  return (
    <Flex vertical gap={8}>
      {connection.nodes.map((opportunity) => (
        <OpportunityCard key={opportunity.id} opportunity={opportunity} />
      ))}
      {last && connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
        <Button
          type="dashed"
          block
          loading={fetching}
          onClick={() => {
            if (connection.pageInfo.endCursor) onLoadMore(connection.pageInfo.endCursor);
          }}
          data-testid={`column-load-more-${stage.key}`}
        >
          {t("pipeline.loadMore")}
        </Button>
      )}
    </Flex>
  );
};
