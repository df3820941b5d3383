import { CheckCircleOutlined, CloseCircleOutlined } from "@ant-design/icons";
import { useDroppable } from "@dnd-kit/core";
import { Flex, Typography, theme } from "antd";
import { useTranslation } from "react-i18next";

import type { PipelineStage } from "../types/PipelineStage";
import { stageDropData, stageDropId } from "../utils/opportunityDrop";

type ClosedStageDropZoneProps = {
  stage: PipelineStage;
};

/** A won or lost stage at the end of the board: only a place to drop a deal that closes. */
export const ClosedStageDropZone = ({ stage }: ClosedStageDropZoneProps) => {
  const { t } = useTranslation("sales");
  const { token } = theme.useToken();
  const { setNodeRef, isOver } = useDroppable({ id: stageDropId(stage.id), data: stageDropData(stage) });
  const color = stage.isWon ? token.colorSuccess : token.colorError;
  const background = stage.isWon ? token.colorSuccessBg : token.colorErrorBg;
  return (
    <Flex
      ref={setNodeRef}
      vertical
      align="center"
      justify="center"
      gap={4}
      role="region"
      aria-label={stage.name}
      data-testid={`pipeline-drop-${stage.key}`}
      data-stage-id={stage.id}
      style={{
        minHeight: 140,
        borderRadius: token.borderRadiusLG,
        border: `2px dashed ${isOver ? color : token.colorBorder}`,
        background: isOver ? background : token.colorFillQuaternary,
        padding: 12,
        textAlign: "center",
      }}
    >
      {stage.isWon ? (
        <CheckCircleOutlined style={{ fontSize: 24, color }} />
      ) : (
        <CloseCircleOutlined style={{ fontSize: 24, color }} />
      )}
      <Typography.Text strong>{stage.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(stage.isWon ? "pipeline.dropToWin" : "pipeline.dropToLose")}
      </Typography.Text>
    </Flex>
  );
};
