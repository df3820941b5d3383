import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { Alert, Button, Flex, Modal, Typography } from "antd";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { OpportunityFilter, OpportunityMoveStageInput } from "../../../generated/graphql";
import { userErrorPath } from "../../graphql/errors/mutationProblem";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { PipelineBoardContext, type PipelineBoard as PipelineBoardValue } from "../contexts/PipelineBoardContext";
import { OPPORTUNITY_MOVE_STAGE_MUTATION } from "../graphql/opportunityMoveStageMutation";
import type { BoardOpportunity } from "../types/BoardOpportunity";
import type { PipelineStage } from "../types/PipelineStage";
import { columnKeyboardCoordinates } from "../utils/columnKeyboardCoordinates";
import { opportunityDropOf } from "../utils/opportunityDrop";
import { planStageMove } from "../utils/planStageMove";
import { stageMoveOutcome, type StageMoveOutcome } from "../utils/stageMoveOutcome";
import { ClosedStageDropZone } from "./ClosedStageDropZone";
import { LostReasonModal } from "./LostReasonModal";
import { OpportunityCardContent } from "./OpportunityCardContent";
import { PIPELINE_COLUMN_WIDTH, PipelineColumn } from "./PipelineColumn";

type PipelineBoardProps = {
  /** Every stage, in position order. */
  stages: readonly PipelineStage[];
  filter: Pick<OpportunityFilter, "ownerIds" | "search">;
};

type BoardNotice = {
  type: "success" | "info" | "warning" | "error";
  text: string;
  /** CONFLICT: offer to load the board again. */
  reload?: boolean;
};

type LostMove = { opportunity: BoardOpportunity; stage: PipelineStage };

/** The pointer when there is one (mouse, touch); the card's rectangle otherwise (keyboard). */
const collisionDetection: CollisionDetection = (args) => {
  const underPointer = pointerWithin(args);
  return underPointer.length > 0 ? underPointer : rectIntersection(args);
};

const opportunityNameOf = (data: Record<string, unknown> | undefined): string => {
  const opportunity = data?.["opportunity"] as BoardOpportunity | undefined;
  return opportunity?.name ?? "";
};

/**
 * The kanban: open stages as columns, won and lost as drop targets at the end. Cards move by drag and drop
 * (pointer or keyboard) or their "move to" menu; every move goes through planStageMove, so lost asks for a
 * reason, won asks for confirmation, and gated stages answer with a pending approval instead of a move.
 */
export const PipelineBoard = ({ stages, filter }: PipelineBoardProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const permissions = usePermissions();
  const canMove = permissions.canMutate("opportunityMoveStage");
  const withApproval = permissions.has("Approval", "toStage");
  const [, moveStage] = useMutation(OPPORTUNITY_MOVE_STAGE_MUTATION);
  const [modal, modalHolder] = Modal.useModal();
  const [notice, setNotice] = useState<BoardNotice | null>(null);
  const [awaitingApproval, setAwaitingApproval] = useState<ReadonlySet<string>>(() => new Set());
  const [movingId, setMovingId] = useState<string | null>(null);
  const [lostMove, setLostMove] = useState<LostMove | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const [dragged, setDragged] = useState<BoardOpportunity | null>(null);

  const openStages = useMemo(() => stages.filter((stage) => !stage.isWon && !stage.isLost), [stages]);
  const closedStages = useMemo(() => stages.filter((stage) => stage.isWon || stage.isLost), [stages]);

  const sendMove = useCallback(
    async (opportunity: BoardOpportunity, stage: PipelineStage, input: OpportunityMoveStageInput): Promise<StageMoveOutcome> => {
      setMovingId(opportunity.id);
      setNotice(null);
      const outcome = stageMoveOutcome(await moveStage({ input, withApproval }));
      setMovingId(null);
      const names = { name: opportunity.name, stage: stage.name };
      switch (outcome.kind) {
        case "moved":
          setNotice({ type: "success", text: t("pipeline.moved", names) });
          break;
        case "awaitingApproval":
          setAwaitingApproval((previous) => new Set(previous).add(opportunity.id));
          setNotice({
            type: "info",
            text: t("pipeline.approvalRequested", { ...names, stage: (outcome.toStage ?? stage).name }),
          });
          break;
        case "refused": {
          // A missing lost reason shows on the reason's field instead.
          const messages = outcome.userErrors
            .filter((userError) => userErrorPath(userError.field)[0] !== "lostReason")
            .map((userError) => userError.message);
          if (messages.length > 0) {
            setNotice({ type: "warning", text: t("pipeline.moveRefused", { name: opportunity.name, reason: messages.join(" ") }) });
          }
          break;
        }
        case "conflict":
          setNotice({ type: "error", text: t("common:conflict"), reload: true });
          break;
        case "failed":
          setNotice({ type: "error", text: t("pipeline.moveFailed") });
          break;
      }
      return outcome;
    },
    [moveStage, t, withApproval],
  );

  const requestMove = useCallback(
    (opportunity: BoardOpportunity, stage: PipelineStage) => {
      const plan = planStageMove(opportunity, stage);
      switch (plan.kind) {
        case "stay":
          return;
        case "askLostReason":
          setLostMove({ opportunity, stage });
          return;
        case "confirmWon":
          void modal.confirm({
            title: t("pipeline.wonConfirmTitle", { stage: stage.name }),
            content: t("pipeline.wonConfirmContent", { name: opportunity.name }),
            okText: t("pipeline.wonConfirmOk"),
            cancelText: t("common:cancel"),
            onOk: () => sendMove(opportunity, stage, plan.input),
          });
          return;
        case "move":
          void sendMove(opportunity, stage, plan.input);
      }
    },
    [modal, sendMove, t],
  );

  const board = useMemo<PipelineBoardValue>(
    () => ({ stages, canMove, requestMove, awaitingApproval, movingId, reloadToken }),
    [stages, canMove, requestMove, awaitingApproval, movingId, reloadToken],
  );

  const sensors = useSensors(
    // A press that moves less than this is a click (the card's links and menu keep working).
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );

  const announcements: Announcements = {
    onDragStart: ({ active }) => t("pipeline.dragStart", { name: opportunityNameOf(active.data.current) }),
    onDragOver: ({ active, over }) => {
      const stage = over?.data.current?.["stage"] as PipelineStage | undefined;
      const name = opportunityNameOf(active.data.current);
      return stage ? t("pipeline.dragOver", { name, stage: stage.name }) : t("pipeline.dragOverNone", { name });
    },
    onDragEnd: ({ active, over }) => {
      const stage = over?.data.current?.["stage"] as PipelineStage | undefined;
      const name = opportunityNameOf(active.data.current);
      return stage ? t("pipeline.dragEnd", { name, stage: stage.name }) : t("pipeline.dragEndNone", { name });
    },
    onDragCancel: ({ active }) => t("pipeline.dragCancel", { name: opportunityNameOf(active.data.current) }),
  };

  const onDragStart = ({ active }: DragStartEvent) =>
    setDragged((active.data.current?.["opportunity"] as BoardOpportunity | undefined) ?? null);

  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    const drop = opportunityDropOf(event);
    if (drop) requestMove(drop.opportunity, drop.stage);
  };

  return (
    <PipelineBoardContext value={board}>
      {modalHolder}
      {notice && (
        <Alert
          type={notice.type}
          showIcon
          closable={{ onClose: () => setNotice(null) }}
          title={notice.text}
          role={notice.type === "error" || notice.type === "warning" ? "alert" : "status"}
          data-testid="pipeline-notice"
          data-kind={notice.type}
          action={
            notice.reload ? (
              <Button
                size="small"
                onClick={() => {
                  setNotice(null);
                  setReloadToken((token) => token + 1);
                }}
                data-testid="pipeline-reload"
              >
                {t("common:reload")}
              </Button>
            ) : undefined
          }
        />
      )}
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t("pipeline.dragInstructions") } }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(null)}
      >
        <Flex gap={12} align="start" style={{ overflowX: "auto", paddingBottom: 8 }} data-testid="pipeline-board">
          {openStages.map((stage) => (
            <PipelineColumn key={stage.id} stage={stage} filter={filter} />
          ))}
          {closedStages.length > 0 && (
            <Flex vertical gap={12} style={{ flex: `0 0 ${PIPELINE_COLUMN_WIDTH - 80}px` }}>
              <Typography.Title level={5} style={{ margin: "12px 0 0" }}>
                {t("pipeline.closedStages")}
              </Typography.Title>
              {closedStages.map((stage) => (
                <ClosedStageDropZone key={stage.id} stage={stage} />
              ))}
            </Flex>
          )}
        </Flex>
        <DragOverlay>{dragged ? <OpportunityCardContent opportunity={dragged} /> : null}</DragOverlay>
      </DndContext>
      {lostMove && (
        <LostReasonModal
          opportunityName={lostMove.opportunity.name}
          stageName={lostMove.stage.name}
          onClose={() => setLostMove(null)}
          onSubmit={async (lostReason) => {
            const plan = planStageMove(lostMove.opportunity, lostMove.stage, lostReason);
            if (plan.kind !== "move") return { kind: "refused", userErrors: [] };
            return sendMove(lostMove.opportunity, lostMove.stage, plan.input);
          }}
        />
      )}
    </PipelineBoardContext>
  );
};
