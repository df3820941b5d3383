import { Checkbox, Form, InputNumber, Select, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type {
  AdminPipelineStageFieldsFragment as Stage,
  AdminPoolRuleFieldsFragment as PoolRule,
  Grade,
  PoolContactEvent,
} from "../../../generated/graphql";
import { ADMIN_POOL_RULE_SAVE_MUTATION } from "../graphql/adminPoolRuleSaveMutation";
import { GRADES } from "../utils/enumOptions";
import { RuleTableCard } from "./RuleTableCard";

type PoolRuleFormValues = {
  daysWithoutFollowUp: number;
  warnDaysBefore: number;
  dailyClaimLimit: number;
  reclaimCooldownDays: number;
  exemptFromStagePosition?: number | null;
  countedEvents: PoolContactEvent[];
};

const FIELDS = ["daysWithoutFollowUp", "warnDaysBefore", "dailyClaimLimit", "reclaimCooldownDays", "exemptFromStagePosition", "countedEvents"] as const;
/** Events of a customer a rule may count as contact, besides the owner's follow-ups. */
const POOL_CONTACT_EVENTS: readonly PoolContactEvent[] = ["ORDER", "WON_DEAL", "TICKET"];
const DEFAULTS: PoolRuleFormValues = {
  daysWithoutFollowUp: 30,
  warnDaysBefore: 3,
  dailyClaimLimit: 5,
  reclaimCooldownDays: 7,
  exemptFromStagePosition: null,
  countedEvents: ["ORDER", "WON_DEAL"],
};

/** One row per grade: the default rule (no grade) and grades A–D, which use the default unless they have their own. */
type PoolRow = { key: string; grade: Grade | null; rule: PoolRule | null };

/** Public-pool rules per customer grade: days without follow-up, warning, daily claims, cooldown, exemption. */
export const PoolRulesCard = ({ rules, stages, onChanged }: { rules: readonly PoolRule[]; stages: readonly Stage[]; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const [, saveRule] = useMutation(ADMIN_POOL_RULE_SAVE_MUTATION);
  const rows: PoolRow[] = [null, ...GRADES].map((grade) => ({
    key: grade ?? "default",
    grade,
    rule: rules.find((rule) => (rule.grade ?? null) === grade) ?? null,
  }));
  const stageName = (position: number | null) => (position === null ? null : (stages.find((s) => s.position === position)?.name ?? `#${position}`));
  const defaultRule = rows[0]?.rule ?? null;
  const usesDefault = <Typography.Text type="secondary">{t("admin:sales.usesDefault")}</Typography.Text>;

  return (
    <RuleTableCard<PoolRow, PoolRuleFormValues>
      testId="pool-rule"
      title={t("admin:sales.poolTitle")}
      rows={rows}
      rowKey={(row) => row.key}
      editLabel={(row) => (row.rule ? t("admin:users.edit") : t("admin:sales.setRule"))}
      columns={[
        {
          title: t("admin:sales.grade"),
          key: "grade",
          render: (_, row) => (row.grade ? <Tag>{row.grade}</Tag> : <Tag color="blue">{t("admin:sales.defaultRule")}</Tag>),
        },
        ...(["daysWithoutFollowUp", "warnDaysBefore", "dailyClaimLimit", "reclaimCooldownDays"] as const).map((field) => ({
          title: t(`admin:sales.pool.${field}`),
          key: field,
          render: (_: unknown, row: PoolRow) => (row.rule ? row.rule[field] : usesDefault),
        })),
        {
          title: t("admin:sales.pool.exemptFromStagePosition"),
          key: "exempt",
          render: (_, row) => {
            if (!row.rule) return usesDefault;
            const own = row.rule.exemptFromStagePosition;
            if (own !== null) return stageName(own);
            if (row.grade && defaultRule?.exemptFromStagePosition != null)
              return <Typography.Text type="secondary">{t("admin:sales.fromDefault", { stage: stageName(defaultRule.exemptFromStagePosition) })}</Typography.Text>;
            return t("admin:sales.noExemption");
          },
        },
        {
          title: t("admin:sales.pool.countedEvents"),
          key: "countedEvents",
          render: (_, row) =>
            !row.rule
              ? usesDefault
              : row.rule.countedEvents.length === 0
                ? t("admin:sales.pool.followUpsOnly")
                : row.rule.countedEvents.map((event) => <Tag key={event}>{t(`admin:sales.pool.event.${event}`)}</Tag>),
        },
      ]}
      form={{
        title: (row) => (row?.grade ? t("admin:sales.poolEdit", { grade: row.grade }) : t("admin:sales.poolEditDefault")),
        fields: FIELDS,
        // A grade without its own rule starts from the default's numbers (not its exemption).
        initialValues: (row) => {
          const base = row?.rule ?? defaultRule;
          return base
            ? {
                daysWithoutFollowUp: base.daysWithoutFollowUp,
                warnDaysBefore: base.warnDaysBefore,
                dailyClaimLimit: base.dailyClaimLimit,
                reclaimCooldownDays: base.reclaimCooldownDays,
                exemptFromStagePosition: row?.rule ? base.exemptFromStagePosition : null,
                countedEvents: [...base.countedEvents],
              }
            : DEFAULTS;
        },
        renderItems: (row) => <PoolRuleFields grade={row?.grade ?? null} stages={stages} />,
        // poolRuleSave replaces the grade's rule: every field is sent.
        save: async (values, row) => {
          const result = await saveRule({
            input: {
              grade: row?.grade ?? null,
              daysWithoutFollowUp: values.daysWithoutFollowUp,
              warnDaysBefore: values.warnDaysBefore,
              dailyClaimLimit: values.dailyClaimLimit,
              reclaimCooldownDays: values.reclaimCooldownDays,
              exemptFromStagePosition: values.exemptFromStagePosition ?? null,
              countedEvents: values.countedEvents ?? [],
            },
          });
          return { error: result.error, payload: result.data?.poolRuleSave };
        },
      }}
      onChanged={onChanged}
    />
  );
};

const PoolRuleFields = ({ grade, stages }: { grade: Grade | null; stages: readonly Stage[] }) => {
  const { t } = useTranslation("admin");
  return (
    <>
      <Form.Item name="daysWithoutFollowUp" label={t("sales.pool.daysWithoutFollowUp")} rules={[{ required: true, type: "integer", min: 1 }]}>
        <InputNumber min={1} precision={0} data-testid="pool-days" />
      </Form.Item>
      <Form.Item
        name="warnDaysBefore"
        label={t("sales.pool.warnDaysBefore")}
        dependencies={["daysWithoutFollowUp"]}
        rules={[
          { required: true, type: "integer", min: 0 },
          ({ getFieldValue }) => ({
            validator: (_, value: number | undefined) =>
              value === undefined || value < Number(getFieldValue("daysWithoutFollowUp"))
                ? Promise.resolve()
                : Promise.reject(new Error(t("sales.warnBeforeDays"))),
          }),
        ]}
      >
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item name="dailyClaimLimit" label={t("sales.pool.dailyClaimLimit")} rules={[{ required: true, type: "integer", min: 0 }]}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item name="reclaimCooldownDays" label={t("sales.pool.reclaimCooldownDays")} rules={[{ required: true, type: "integer", min: 0 }]}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item
        name="exemptFromStagePosition"
        label={t("sales.pool.exemptFromStagePosition")}
        extra={grade ? t("sales.exemptHintGrade") : t("sales.exemptHintDefault")}
      >
        <Select
          allowClear
          placeholder={grade ? t("sales.usesDefault") : t("sales.noExemption")}
          options={stages.filter((s) => !s.isWon && !s.isLost).map((s) => ({ value: s.position, label: `${s.position}. ${s.name}` }))}
        />
      </Form.Item>
      <Form.Item name="countedEvents" label={t("sales.pool.countedEvents")} extra={t("sales.pool.countedEventsHint")}>
        <Checkbox.Group
          options={POOL_CONTACT_EVENTS.map((event) => ({ value: event, label: t(`sales.pool.event.${event}`) }))}
          data-testid="pool-counted-events"
        />
      </Form.Item>
    </>
  );
};
