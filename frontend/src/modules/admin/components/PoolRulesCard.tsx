import { Button, Card, Form, InputNumber, Modal, Select, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminSalesRulesQuery, Grade } from "../../../generated/graphql";
import { useAdminPoolRuleSaveMutation } from "../hooks/useAdminPoolRuleSaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { GRADES } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type PoolRule = AdminSalesRulesQuery["poolRules"][number];
type Stage = AdminSalesRulesQuery["pipelineStages"][number];

type PoolRuleFormValues = {
  daysWithoutFollowUp: number;
  warnDaysBefore: number;
  dailyClaimLimit: number;
  reclaimCooldownDays: number;
  exemptFromStagePosition?: number | null;
};

const FIELDS = ["daysWithoutFollowUp", "warnDaysBefore", "dailyClaimLimit", "reclaimCooldownDays", "exemptFromStagePosition"];
const DEFAULTS: PoolRuleFormValues = { daysWithoutFollowUp: 30, warnDaysBefore: 3, dailyClaimLimit: 5, reclaimCooldownDays: 7, exemptFromStagePosition: null };

/** One row per grade: the default rule (no grade) and grades A–D, which use the default unless they have their own. */
type PoolRow = { key: string; grade: Grade | null; rule: PoolRule | null };

/** Public-pool rules per customer grade: days without follow-up, warning, daily claims, cooldown, exemption. */
export const PoolRulesCard = ({ rules, stages, onChanged }: { rules: readonly PoolRule[]; stages: readonly Stage[]; onChanged: () => void }) => {
  const { t } = useTranslation("admin");
  const [editing, setEditing] = useState<PoolRow | null>(null);
  const rows: PoolRow[] = [null, ...GRADES].map((grade) => ({
    key: grade ?? "default",
    grade,
    rule: rules.find((rule) => (rule.grade ?? null) === grade) ?? null,
  }));
  const stageName = (position: number | null) => (position === null ? null : (stages.find((s) => s.position === position)?.name ?? `#${position}`));
  const defaultRule = rows[0]?.rule ?? null;

  return (
    <Card title={t("sales.poolTitle")}>
      <Table<PoolRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        onRow={(row) => rowTestId(`pool-rule-${row.key}`)}
        columns={[
          {
            title: t("sales.grade"),
            key: "grade",
            render: (_, row) => (row.grade ? <Tag>{row.grade}</Tag> : <Tag color="blue">{t("sales.defaultRule")}</Tag>),
          },
          ...(["daysWithoutFollowUp", "warnDaysBefore", "dailyClaimLimit", "reclaimCooldownDays"] as const).map((field) => ({
            title: t(`sales.pool.${field}`),
            key: field,
            render: (_: unknown, row: PoolRow) =>
              row.rule ? row.rule[field] : <Typography.Text type="secondary">{t("sales.usesDefault")}</Typography.Text>,
          })),
          {
            title: t("sales.pool.exemptFromStagePosition"),
            key: "exempt",
            render: (_, row) => {
              if (!row.rule) return <Typography.Text type="secondary">{t("sales.usesDefault")}</Typography.Text>;
              const own = row.rule.exemptFromStagePosition;
              if (own !== null) return stageName(own);
              if (row.grade && defaultRule?.exemptFromStagePosition != null)
                return <Typography.Text type="secondary">{t("sales.fromDefault", { stage: stageName(defaultRule.exemptFromStagePosition) })}</Typography.Text>;
              return t("sales.noExemption");
            },
          },
          {
            title: t("users.actions"),
            key: "actions",
            render: (_, row) => (
              <Button type="link" onClick={() => setEditing(row)} data-testid={`pool-rule-edit-${row.key}`}>
                {row.rule ? t("users.edit") : t("sales.setRule")}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <PoolRuleModal
          row={editing}
          base={editing.rule ?? defaultRule}
          stages={stages}
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

type PoolRuleModalProps = { row: PoolRow; base: PoolRule | null; stages: readonly Stage[]; onClose: () => void; onSaved: () => void };

const PoolRuleModal = ({ row, base, stages, onClose, onSaved }: PoolRuleModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<PoolRuleFormValues>();
  const [{ fetching }, save] = useAdminPoolRuleSaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: PoolRuleFormValues) => {
    setFailure(null);
    // poolRuleSave replaces the grade's rule: every field is sent.
    const result = await save({
      input: {
        grade: row.grade,
        daysWithoutFollowUp: values.daysWithoutFollowUp,
        warnDaysBefore: values.warnDaysBefore,
        dailyClaimLimit: values.dailyClaimLimit,
        reclaimCooldownDays: values.reclaimCooldownDays,
        exemptFromStagePosition: values.exemptFromStagePosition ?? null,
      },
    });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.poolRuleSave.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  const initial: PoolRuleFormValues = base
    ? {
        daysWithoutFollowUp: base.daysWithoutFollowUp,
        warnDaysBefore: base.warnDaysBefore,
        dailyClaimLimit: base.dailyClaimLimit,
        reclaimCooldownDays: base.reclaimCooldownDays,
        exemptFromStagePosition: row.rule ? base.exemptFromStagePosition : null,
      }
    : DEFAULTS;

  return (
    <Modal
      open
      title={row.grade ? t("admin:sales.poolEdit", { grade: row.grade }) : t("admin:sales.poolEditDefault")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<PoolRuleFormValues> form={form} layout="vertical" data-testid="pool-rule-form" initialValues={initial} onFinish={(values) => void submit(values)}>
        <Form.Item name="daysWithoutFollowUp" label={t("admin:sales.pool.daysWithoutFollowUp")} rules={[{ required: true, type: "integer", min: 1 }]}>
          <InputNumber min={1} precision={0} data-testid="pool-days" />
        </Form.Item>
        <Form.Item
          name="warnDaysBefore"
          label={t("admin:sales.pool.warnDaysBefore")}
          dependencies={["daysWithoutFollowUp"]}
          rules={[
            { required: true, type: "integer", min: 0 },
            ({ getFieldValue }) => ({
              validator: (_, value: number | undefined) =>
                value === undefined || value < Number(getFieldValue("daysWithoutFollowUp"))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("admin:sales.warnBeforeDays"))),
            }),
          ]}
        >
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="dailyClaimLimit" label={t("admin:sales.pool.dailyClaimLimit")} rules={[{ required: true, type: "integer", min: 0 }]}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="reclaimCooldownDays" label={t("admin:sales.pool.reclaimCooldownDays")} rules={[{ required: true, type: "integer", min: 0 }]}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item
          name="exemptFromStagePosition"
          label={t("admin:sales.pool.exemptFromStagePosition")}
          extra={row.grade ? t("admin:sales.exemptHintGrade") : t("admin:sales.exemptHintDefault")}
        >
          <Select
            allowClear
            placeholder={row.grade ? t("admin:sales.usesDefault") : t("admin:sales.noExemption")}
            options={stages.filter((s) => !s.isWon && !s.isLost).map((s) => ({ value: s.position, label: `${s.position}. ${s.name}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};
