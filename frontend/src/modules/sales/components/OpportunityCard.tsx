import { useDraggable } from "@dnd-kit/core";
import { SwapOutlined } from "@ant-design/icons";
import { Button, Dropdown } from "antd";
import { useTranslation } from "react-i18next";

import { usePipelineBoard } from "../hooks/usePipelineBoard";
import type { BoardOpportunity } from "../types/BoardOpportunity";
import { opportunityDragData } from "../utils/opportunityDrop";
import { OpportunityCardContent } from "./OpportunityCardContent";

type OpportunityCardProps = {
  opportunity: BoardOpportunity;
};

/** A draggable card (pointer or keyboard) with a "move to" menu that does the same without dragging. */
export const OpportunityCard = ({ opportunity }: OpportunityCardProps) => {
  const { t } = useTranslation("sales");
  const board = usePipelineBoard();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: opportunity.id,
    data: opportunityDragData(opportunity),
    disabled: !board.canMove,
  });
  const moving = board.movingId === opportunity.id;

  const moveMenu = board.canMove ? (
    // Keys and pointer presses on the menu must not pick the card up.
    <span onKeyDown={(event) => event.stopPropagation()} onPointerDown={(event) => event.stopPropagation()}>
      <Dropdown
        trigger={["click"]}
        destroyOnHidden
        menu={{
          items: board.stages
            .filter((stage) => stage.id !== opportunity.stage?.id)
            .map((stage) => ({
              key: stage.id,
              label: <span data-testid={`move-to-${stage.key}`}>{stage.name}</span>,
              danger: stage.isLost,
            })),
          onClick: ({ key }) => {
            const stage = board.stages.find((candidate) => candidate.id === key);
            if (stage) board.requestMove(opportunity, stage);
          },
        }}
      >
        <Button
          type="text"
          size="small"
          icon={<SwapOutlined />}
          loading={moving}
          aria-label={t("pipeline.moveMenu", { name: opportunity.name })}
          title={t("pipeline.moveTo")}
          data-testid={`opportunity-move-${opportunity.id}`}
        />
      </Dropdown>
    </span>
  ) : null;

  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      aria-label={opportunity.name}
      data-testid={`opportunity-card-${opportunity.id}`}
      data-opportunity-name={opportunity.name}
      style={{ opacity: isDragging ? 0.4 : 1, cursor: board.canMove ? "grab" : undefined, touchAction: "none" }}
    >
      <OpportunityCardContent
        opportunity={opportunity}
        // The server's pendingApproval wins; the local mark only stands in when the viewer cannot read approvals.
        awaitingApproval={opportunity.pendingApproval === undefined && board.awaitingApproval.has(opportunity.id)}
        actions={moveMenu}
        loading={moving}
      />
    </div>
  );
};
