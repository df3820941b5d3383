import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Checkbox, Empty, Form, Input, InputNumber, Modal, Radio, Space, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminSalesRulesQuery, PipelineStageInput } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useAdminPipelineStageSaveMutation } from "../hooks/useAdminPipelineStageSaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type Stage = AdminSalesRulesQuery["pipelineStages"][number];

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

const FIELDS = ["key", "name", "position", "probability", "requiresApproval", "approvalThreshold"];

/** Pipeline stages in order: probability and the approval gate (a director approves above a threshold). */
export const PipelineStagesCard = ({ stages, onChanged }: { stages: readonly Stage[]; onChanged: () => void }) => {
  const { t } = useTranslation("admin");
  const format = useFormatters();
  const [editing, setEditing] = useState<Stage | "new" | null>(null);

  return (
    <Card
      title={t("sales.stagesTitle")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="stage-create">
          {t("sales.stageCreate")}
        </Button>
      }
    >
      <Table<Stage>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...stages]}
        onRow={(stage) => rowTestId(`stage-row-${stage.key}`)}
        locale={{ emptyText: <Empty description={t("sales.stagesEmpty")} /> }}
        columns={[
          { title: t("sales.position"), dataIndex: "position", key: "position", width: 70 },
          { title: t("sales.stageName"), key: "name", render: (_, s) => <>{s.name} <Tag>{s.key}</Tag></> },
          { title: t("sales.probability"), key: "probability", render: (_, s) => format.percent(s.probability / 100, 0) },
          {
            title: t("sales.gate"),
            key: "gate",
            render: (_, s) =>
              s.requiresApproval ? (
                <Tag color="gold" data-testid={`stage-gate-${s.key}`}>
                  {s.approvalThreshold === null ? t("sales.gateAlways") : t("sales.gateAbove", { amount: format.money(s.approvalThreshold) })}
                </Tag>
              ) : (
                "—"
              ),
          },
          {
            title: t("sales.outcome"),
            key: "outcome",
            render: (_, s) => (s.isWon ? <Tag color="green">{t("sales.won")}</Tag> : s.isLost ? <Tag color="red">{t("sales.lost")}</Tag> : null),
          },
          {
            title: t("users.actions"),
            key: "actions",
            render: (_, s) => (
              <Button type="link" onClick={() => setEditing(s)} data-testid={`stage-edit-${s.key}`}>
                {t("users.edit")}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <StageModal
          stage={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
};

type StageModalProps = { stage: Stage | null; onClose: () => void; onSaved: () => void };

const StageModal = ({ stage, onClose, onSaved }: StageModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<StageFormValues>();
  const requiresApproval = Form.useWatch("requiresApproval", form);
  const thresholdMode = Form.useWatch("thresholdMode", form);
  const [{ fetching }, save] = useAdminPipelineStageSaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: StageFormValues) => {
    setFailure(null);
    const input: PipelineStageInput = {
      id: stage?.id ?? null,
      version: stage?.version ?? null,
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
    const result = await save({ input });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.pipelineStageSave.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  return (
    <Modal
      open
      title={stage ? t("admin:sales.stageEdit", { name: stage.name }) : t("admin:sales.stageCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<StageFormValues>
        form={form}
        layout="vertical"
        data-testid="stage-form"
        initialValues={
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
            : { probability: 50, requiresApproval: false, thresholdMode: "above", outcome: [], position: null }
        }
        onFinish={(values) => void submit(values)}
      >
        {!stage && (
          <Form.Item
            name="key"
            label={t("admin:sales.stageKey")}
            extra={t("admin:sales.stageKeyHint")}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t("admin:sales.stageKeyInvalid") }]}
          >
            <Input data-testid="stage-key" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t("admin:sales.stageName")} rules={[{ required: true, whitespace: true, message: t("admin:sales.nameRequired") }]}>
          <Input data-testid="stage-name" />
        </Form.Item>
        <Form.Item name="position" label={t("admin:sales.position")} extra={stage ? undefined : t("admin:sales.positionHint")}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="probability" label={t("admin:sales.probabilityPercent")} rules={[{ required: true, type: "integer", min: 0, max: 100, message: t("admin:sales.probabilityRange") }]}>
          <InputNumber min={0} max={100} precision={0} data-testid="stage-probability" />
        </Form.Item>
        <Form.Item name="requiresApproval" label={t("admin:sales.requiresApproval")} valuePropName="checked">
          <Switch data-testid="stage-requires-approval" />
        </Form.Item>
        {requiresApproval && (
          <Space orientation="vertical" style={{ width: "100%", marginBottom: 16 }}>
            <Form.Item name="thresholdMode" noStyle>
              <Radio.Group
                options={[
                  { value: "any", label: t("admin:sales.gateAlways") },
                  { value: "above", label: t("admin:sales.thresholdAbove") },
                ]}
              />
            </Form.Item>
            {thresholdMode === "above" && (
              <Form.Item
                name="approvalThreshold"
                label={t("admin:sales.approvalThreshold")}
                rules={[{ required: true, message: t("admin:sales.thresholdRequired") }]}
              >
                <InputNumber<string> stringMode min="0" max="999999999999.99" precision={2} prefix="¥" style={{ width: 220 }} data-testid="stage-threshold" />
              </Form.Item>
            )}
          </Space>
        )}
        <Form.Item
          name="outcome"
          label={t("admin:sales.outcome")}
          rules={[
            {
              validator: (_, value: string[] | undefined) =>
                (value ?? []).length < 2 ? Promise.resolve() : Promise.reject(new Error(t("admin:sales.wonAndLost"))),
            },
          ]}
        >
          <Checkbox.Group
            options={[
              { value: "won", label: t("admin:sales.won") },
              { value: "lost", label: t("admin:sales.lost") },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};
