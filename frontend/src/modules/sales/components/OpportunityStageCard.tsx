import { ClockCircleOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Select, Steps, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { OPPORTUNITY_MOVE_STAGE_MUTATION } from "../graphql/opportunityMoveStageMutation";
import { stageMoveOutcome, type StageMoveOutcome } from "../utils/stageMoveOutcome";
import { LostReasonModal } from "./LostReasonModal";

type Stage = {
  id: string;
  key: string;
  name: string;
  position: number;
  isWon: boolean;
  isLost: boolean;
  requiresApproval: boolean;
  approvalThreshold: string | null;
};

type StagedOpportunity = {
  id: string;
  version: number;
  name: string;
  status: "OPEN" | "WON" | "LOST";
  lostReason: string | null;
  closedAt: string | null;
  stage: { id: string } | null;
  pendingApproval?: { toStage: { key: string; name: string } | null } | null;
};

type OpportunityStageCardProps = {
  opportunity: StagedOpportunity;
  stages: readonly Stage[];
  canMove: boolean;
  /** May read approval requests (the move's answer then names the stage asked for). */
  withApproval: boolean;
  onChanged: () => void;
};

/**
 * Where the deal stands in the pipeline, and moving it: a gated stage asks a director instead of moving (the
 * deal shows it waits), a lost stage asks why, a won stage asks to confirm (it creates the order).
 */
export const OpportunityStageCard = ({ opportunity, stages, canMove, withApproval, onChanged }: OpportunityStageCardProps) => {
  const { t } = useTranslation("sales");
  const { message, modal } = App.useApp();
  const format = useFormatters();
  const [, moveStage] = useMutation(OPPORTUNITY_MOVE_STAGE_MUTATION);
  const [target, setTarget] = useState<string | null>(null);
  const [losing, setLosing] = useState<Stage | null>(null);
  const [moving, setMoving] = useState(false);
  const sorted = useMemo(() => [...stages].sort((a, b) => a.position - b.position), [stages]);
  const open = sorted.filter((stage) => !stage.isWon && !stage.isLost);
  const won = sorted.find((stage) => stage.isWon);
  const steps = won ? [...open, won] : open;
  const currentIndex = steps.findIndex((stage) => stage.id === opportunity.stage?.id);
  const pending = opportunity.pendingApproval;

  const move = async (stage: Stage, lostReason?: string): Promise<StageMoveOutcome> => {
    setMoving(true);
    const result = await moveStage({
      input: { id: opportunity.id, stageId: stage.id, version: opportunity.version, lostReason: lostReason ?? null },
      withApproval,
    });
    setMoving(false);
    const outcome = stageMoveOutcome(result);
    const name = opportunity.name;
    if (outcome.kind === "moved") void message.success(t("pipeline.moved", { name, stage: stage.name }));
    else if (outcome.kind === "awaitingApproval") void message.info(t("pipeline.approvalRequested", { name, stage: stage.name }));
    else if (outcome.kind === "conflict") void message.warning(t("opportunityDetail.changedElsewhere"));
    else if (outcome.kind === "refused" && !(lostReason !== undefined && outcome.userErrors.some((e) => e.field?.endsWith("lostReason"))))
      void message.error(t("pipeline.moveRefused", { name, reason: outcome.userErrors.map((e) => e.message).join(" ") }));
    else if (outcome.kind === "failed") void message.error(t("pipeline.moveFailed"));
    if (outcome.kind !== "refused" && outcome.kind !== "failed") {
      setTarget(null);
      onChanged();
    }
    return outcome;
  };

  const start = () => {
    const stage = sorted.find((candidate) => candidate.id === target);
    if (!stage) return;
    if (stage.isLost) setLosing(stage);
    else if (stage.isWon)
      modal.confirm({
        title: t("pipeline.wonConfirmTitle", { stage: stage.name }),
        content: t("pipeline.wonConfirmContent", { name: opportunity.name }),
        okText: t("pipeline.wonConfirmOk"),
        onOk: () => move(stage),
      });
    else void move(stage);
  };

  const gate = (stage: Stage) =>
    stage.requiresApproval
      ? stage.approvalThreshold
        ? ` · ${t("pipeline.gateAbove", { amount: format.moneyShort(stage.approvalThreshold) })}`
        : ` · ${t("pipeline.gateAlways")}`
      : "";

  return (
    <Card title={t("opportunityDetail.stage")} size="small" data-testid="opportunity-stage-card">
      {opportunity.status === "OPEN" ? (
        <Steps
          size="small"
          responsive
          current={currentIndex}
          items={steps.map((stage) => ({ title: stage.name }))}
          data-testid="opportunity-steps"
        />
      ) : (
        <Flex vertical gap={4} data-testid="opportunity-closed">
          <Tag color={opportunity.status === "WON" ? "green" : "default"} style={{ width: "fit-content" }}>
            {t(`opportunityDetail.status.${opportunity.status}`)} · {format.date(opportunity.closedAt)}
          </Tag>
          {opportunity.lostReason && (
            <Typography.Text data-testid="opportunity-lost-reason">
              {t("opportunityDetail.lostReason", { reason: opportunity.lostReason })}
            </Typography.Text>
          )}
        </Flex>
      )}
      {pending && (
        <Tag color="gold" icon={<ClockCircleOutlined />} style={{ marginTop: 12 }} data-testid="awaiting-approval">
          {pending.toStage ? t("pipeline.awaitingApprovalTo", { stage: pending.toStage.name }) : t("pipeline.awaitingApproval")}
        </Tag>
      )}
      {canMove && opportunity.status === "OPEN" && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Select
            value={target}
            onChange={setTarget}
            placeholder={t("pipeline.moveTo")}
            options={sorted
              .filter((stage) => stage.id !== opportunity.stage?.id)
              .map((stage) => ({ value: stage.id, label: `${stage.name}${gate(stage)}` }))}
            style={{ flex: "1 1 220px", minWidth: 0 }}
            data-testid="opportunity-move-target"
          />
          <Button type="primary" disabled={!target} loading={moving} onClick={start} data-testid="opportunity-move">
            {t("opportunityDetail.move")}
          </Button>
        </Flex>
      )}
      {losing && (
        <LostReasonModal
          opportunityName={opportunity.name}
          stageName={losing.name}
          onSubmit={(reason) => move(losing, reason)}
          onClose={() => setLosing(null)}
        />
      )}
    </Card>
  );
};
