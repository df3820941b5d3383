import { useDroppable } from "@dnd-kit/core";
import { Flex, Tag, Tooltip, Typography, theme } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";

import type { OpportunityFilter } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import type { PipelineStage } from "../types/PipelineStage";
import { stageDropData, stageDropId } from "../utils/opportunityDrop";
import { sumAmounts } from "../utils/sumAmounts";
import { PipelineColumnPage, type ColumnPageSummary } from "./PipelineColumnPage";

export const PIPELINE_COLUMN_WIDTH = 280;

type PipelineColumnProps = {
  stage: PipelineStage;
  filter: Pick<OpportunityFilter, "ownerIds" | "search">;
};

const FIRST_PAGE = "first";

/** An open stage: a drop target listing its open opportunities, with their count and total amount. */
export const PipelineColumn = ({ stage, filter }: PipelineColumnProps) => {
  const { t } = useTranslation("sales");
  const format = useFormatters();
  const { token } = theme.useToken();
  const { setNodeRef, isOver } = useDroppable({ id: stageDropId(stage.id), data: stageDropData(stage) });
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [summaries, setSummaries] = useState<Record<string, ColumnPageSummary>>({});

  const onSummary = useCallback(
    (after: string | null, summary: ColumnPageSummary) =>
      setSummaries((previous) => ({ ...previous, [after ?? FIRST_PAGE]: summary })),
    [],
  );
  const onLoadMore = useCallback(
    (endCursor: string) => setCursors((previous) => (previous.includes(endCursor) ? previous : [...previous, endCursor])),
    [],
  );

  const loaded = cursors.flatMap((after) => {
    const summary = summaries[after ?? FIRST_PAGE];
    return summary ? [summary] : [];
  });
  const firstPage = summaries[FIRST_PAGE];
  const lastLoaded = loaded.at(-1);
  const partial = lastLoaded?.hasNextPage ?? false;
  const total = sumAmounts(loaded.flatMap((summary) => summary.amounts));

  return (
    <section
      ref={setNodeRef}
      aria-label={stage.name}
      data-testid={`pipeline-column-${stage.key}`}
      data-stage-id={stage.id}
      style={{
        flex: `0 0 ${PIPELINE_COLUMN_WIDTH}px`,
        background: isOver ? token.colorPrimaryBg : token.colorFillQuaternary,
        border: `1px ${isOver ? "dashed" : "solid"} ${isOver ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        minHeight: 480,
        transition: "background 0.15s",
      }}
    >
      <Flex vertical gap={2} style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="center">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {stage.name}
          </Typography.Title>
          <Tag variant="filled" title={t("pipeline.count", { count: firstPage?.totalCount ?? 0 })} data-testid="column-count">
            {firstPage?.totalCount ?? 0}
          </Tag>
        </Flex>
        <Tooltip title={partial ? t("pipeline.partialTotal") : undefined}>
          <Typography.Text type="secondary" data-testid="column-total">
            {firstPage ? t(partial ? "pipeline.totalAtLeast" : "pipeline.total", { amount: format.moneyShort(total) }) : "\u00a0"}
          </Typography.Text>
        </Tooltip>
        {stage.requiresApproval && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {stage.approvalThreshold
              ? t("pipeline.gateAbove", { amount: format.moneyShort(stage.approvalThreshold) })
              : t("pipeline.gateAlways")}
          </Typography.Text>
        )}
      </Flex>
      {cursors.map((after, index) => (
        <PipelineColumnPage
          key={after ?? FIRST_PAGE}
          stage={stage}
          filter={filter}
          after={after}
          first={index === 0}
          last={index === cursors.length - 1}
          onSummary={onSummary}
          onLoadMore={onLoadMore}
        />
      ))}
    </section>
  );
};
