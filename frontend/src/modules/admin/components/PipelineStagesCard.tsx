import { Checkbox, Form, Input, InputNumber, Radio, Space, Switch, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminPipelineStageFieldsFragment as Stage, PipelineStageInput } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { ADMIN_PIPELINE_STAGE_SAVE_MUTATION } from "../graphql/adminPipelineStageSaveMutation";
import { RuleTableCard, rowVersion } from "./RuleTableCard";

type StageFormValues = {
  key?: string;
  name: string;
  position?: number | null;
  probability: number;
  requiresApproval: boolean;
  thresholdMode: "any" | "above";
  approvalThreshold?: string | null;
  outcome: Array<"won" | "lost">;
};

const FIELDS = ["key", "name", "position", "probability", "requiresApproval", "approvalThreshold"] as const;

/** Pipeline stages in order: probability and the approval gate (a director approves above a threshold). */
export const PipelineStagesCard = ({ stages, onChanged }: { stages: readonly Stage[]; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [, saveStage] = useMutation(ADMIN_PIPELINE_STAGE_SAVE_MUTATION);

  return (
    <RuleTableCard<Stage, StageFormValues>
      testId="stage"
      title={t("admin:sales.stagesTitle")}
      createLabel={t("admin:sales.stageCreate")}
      emptyText={t("admin:sales.stagesEmpty")}
      rows={stages}
      rowKey={(stage) => stage.id}
      testKey={(stage) => stage.key}
      columns={[
        { title: t("admin:sales.position"), dataIndex: "position", key: "position", width: 70 },
        { title: t("admin:sales.stageName"), key: "name", render: (_, s) => <>{s.name} <Tag><code>{s.key}</code></Tag></> }, // the key is an identifier, as typed
        { title: t("admin:sales.probability"), key: "probability", render: (_, s) => format.percent(s.probability / 100, 0) },
        {
          title: t("admin:sales.gate"),
          key: "gate",
          render: (_, s) =>
            s.requiresApproval ? (
              <Tag color="gold" data-testid={`stage-gate-${s.key}`}>
                {s.approvalThreshold === null ? t("admin:sales.gateAlways") : t("admin:sales.gateAbove", { amount: format.money(s.approvalThreshold) })}
              </Tag>
            ) : (
              "—"
            ),
        },
        {
          title: t("admin:sales.outcome"),
          key: "outcome",
          render: (_, s) => (s.isWon ? <Tag color="green">{t("admin:sales.won")}</Tag> : s.isLost ? <Tag color="red">{t("admin:sales.lost")}</Tag> : null),
        },
      ]}
      form={{
        title: (stage) => (stage ? t("admin:sales.stageEdit", { name: stage.name }) : t("admin:sales.stageCreate")),
        fields: FIELDS,
        initialValues: (stage) =>
          stage
            ? {
                name: stage.name,
                position: stage.position,
                probability: stage.probability,
                requiresApproval: stage.requiresApproval,
                thresholdMode: stage.approvalThreshold === null ? "any" : "above",
                approvalThreshold: stage.approvalThreshold,
                outcome: [...(stage.isWon ? ["won" as const] : []), ...(stage.isLost ? ["lost" as const] : [])],
              }
            : { probability: 50, requiresApproval: false, thresholdMode: "above", outcome: [], position: null },
        renderItems: (stage) => <StageFields isNew={stage === null} />,
        save: async (values, stage) => {
          const input: PipelineStageInput = {
            ...rowVersion(stage),
            name: values.name.trim(),
            probability: values.probability,
            requiresApproval: values.requiresApproval,
            isWon: values.outcome.includes("won"),
            isLost: values.outcome.includes("lost"),
          };
          if (!stage) input.key = values.key?.trim();
          // An omitted position or threshold leaves the stage's as it is; null threshold means "at any amount".
          if (values.position !== null && values.position !== undefined) input.position = values.position;
          if (values.requiresApproval) input.approvalThreshold = values.thresholdMode === "any" ? null : (values.approvalThreshold ?? null);
          const result = await saveStage({ input });
          return { error: result.error, payload: result.data?.pipelineStageSave };
        },
      }}
      onChanged={onChanged}
    />
  );
};

/** The stage form's fields: a new stage also gets its key; the threshold shows only behind the approval gate. */
const StageFields = ({ isNew }: { isNew: boolean }) => {
  const { t } = useTranslation("admin");
  const form = Form.useFormInstance<StageFormValues>();
  const requiresApproval = Form.useWatch("requiresApproval", form);
  const thresholdMode = Form.useWatch("thresholdMode", form);
  return (
    <>
      {isNew && (
        <Form.Item name="key" label={t("sales.stageKey")} extra={t("sales.stageKeyHint")} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t("sales.stageKeyInvalid") }]}>
          <Input data-testid="stage-key" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t("sales.stageName")} rules={[{ required: true, whitespace: true, message: t("sales.nameRequired") }]}>
        <Input data-testid="stage-name" />
      </Form.Item>
      <Form.Item name="position" label={t("sales.position")} extra={isNew ? t("sales.positionHint") : undefined}>
        <InputNumber min={1} precision={0} />
      </Form.Item>
      <Form.Item name="probability" label={t("sales.probabilityPercent")} rules={[{ required: true, type: "integer", min: 0, max: 100, message: t("sales.probabilityRange") }]}>
        <InputNumber min={0} max={100} precision={0} data-testid="stage-probability" />
      </Form.Item>
      <Form.Item name="requiresApproval" label={t("sales.requiresApproval")} valuePropName="checked">
        <Switch data-testid="stage-requires-approval" />
      </Form.Item>
      {requiresApproval && (
        <Space orientation="vertical" style={{ width: "100%", marginBottom: 16 }}>
          <Form.Item name="thresholdMode" noStyle>
            <Radio.Group
              options={[
                { value: "any", label: t("sales.gateAlways") },
                { value: "above", label: t("sales.thresholdAbove") },
              ]}
            />
          </Form.Item>
          {thresholdMode === "above" && (
            <Form.Item name="approvalThreshold" label={t("sales.approvalThreshold")} rules={[{ required: true, message: t("sales.thresholdRequired") }]}>
              <InputNumber<string> stringMode min="0" max="999999999999.99" precision={2} prefix="¥" style={{ width: 220 }} data-testid="stage-threshold" />
            </Form.Item>
          )}
        </Space>
      )}
      <Form.Item
        name="outcome"
        label={t("sales.outcome")}
        rules={[
          {
            validator: (_, value: string[] | undefined) =>
              (value ?? []).length < 2 ? Promise.resolve() : Promise.reject(new Error(t("sales.wonAndLost"))),
          },
        ]}
      >
        <Checkbox.Group
          options={[
            { value: "won", label: t("sales.won") },
            { value: "lost", label: t("sales.lost") },
          ]}
        />
      </Form.Item>
    </>
  );
};
