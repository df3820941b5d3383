import { Form, Input, InputNumber, Select, Switch, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminLeadRuleFieldsFragment as LeadRule, LeadRuleKind } from "../../../generated/graphql";
import { ADMIN_LEAD_RULE_DELETE_MUTATION } from "../graphql/adminLeadRuleDeleteMutation";
import { ADMIN_LEAD_RULE_SAVE_MUTATION } from "../graphql/adminLeadRuleSaveMutation";
import { LEAD_RULE_KINDS } from "../utils/enumOptions";
import { RuleTableCard, rowVersion } from "./RuleTableCard";

type Person = { id: string; name: string; email: string };
type Team = { id: string; name: string };

type LeadRuleFormValues = {
  kind: LeadRuleKind;
  position: number;
  province?: string | null;
  source?: string | null;
  teamId?: string | null;
  userId?: string | null;
  active: boolean;
};

const FIELDS = ["kind", "position", "province", "source", "teamId", "userId", "active"] as const;

type LeadRulesCardProps = { rules: readonly LeadRule[]; people: readonly Person[]; teams: readonly Team[]; onChanged: () => void };

/** Lead assignment rules, tried in order: territory (a rep or a team), round robin or least load in a team. */
export const LeadRulesCard = ({ rules, people, teams, onChanged }: LeadRulesCardProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [, saveRule] = useMutation(ADMIN_LEAD_RULE_SAVE_MUTATION);
  const [, deleteRule] = useMutation(ADMIN_LEAD_RULE_DELETE_MUTATION);

  return (
    <RuleTableCard<LeadRule, LeadRuleFormValues>
      testId="lead-rule"
      title={t("admin:sales.leadRulesTitle")}
      createLabel={t("admin:sales.leadRuleCreate")}
      emptyText={t("admin:sales.leadRulesEmpty")}
      rows={rules}
      rowKey={(rule) => rule.id}
      columns={[
        { title: t("admin:sales.position"), dataIndex: "position", key: "position", width: 70 },
        { title: t("admin:sales.kind"), key: "kind", render: (_, r) => <Tag color="blue">{t(`admin:leadRuleKinds.${r.kind}`)}</Tag> },
        { title: t("admin:sales.province"), key: "province", render: (_, r) => r.province ?? t("admin:service.any") },
        { title: t("admin:sales.source"), key: "source", render: (_, r) => r.source ?? t("admin:service.any") },
        { title: t("admin:sales.assignee"), key: "assignee", render: (_, r) => r.user?.name ?? r.team?.name ?? "—" },
        { title: t("admin:service.active"), key: "active", render: (_, r) => (r.active ? <Tag color="green">{t("admin:service.on")}</Tag> : <Tag>{t("admin:service.off")}</Tag>) },
      ]}
      form={{
        title: (rule) => (rule ? t("admin:sales.leadRuleEdit") : t("admin:sales.leadRuleCreate")),
        fields: FIELDS,
        initialValues: (rule) =>
          rule
            ? {
                kind: rule.kind,
                position: rule.position,
                province: rule.province,
                source: rule.source,
                teamId: rule.team?.id ?? null,
                userId: rule.user?.id ?? null,
                active: rule.active,
              }
            : { kind: "TERRITORY", position: 100, active: true, teamId: null, userId: null },
        renderItems: () => <LeadRuleFields people={people} teams={teams} />,
        save: async (values, rule) => {
          const result = await saveRule({
            input: {
              ...rowVersion(rule),
              kind: values.kind,
              position: values.position,
              province: values.province?.trim() || null,
              source: values.source?.trim() || null,
              teamId: values.teamId ?? null,
              userId: values.kind === "TERRITORY" ? (values.userId ?? null) : null,
              active: values.active,
            },
          });
          return { error: result.error, payload: result.data?.leadRuleSave };
        },
      }}
      remove={{
        confirmTitle: () => t("admin:sales.leadRuleDeleteConfirm"),
        done: t("admin:sales.ruleDeleted"),
        run: async (rule) => {
          const result = await deleteRule({ id: rule.id });
          // leadRuleDelete answers `deleted` instead of userErrors: false means nothing was deleted.
          return { error: result.error, payload: result.data?.leadRuleDelete.deleted ? { userErrors: [] } : null };
        },
      }}
      onChanged={onChanged}
    />
  );
};

/** The rule form's fields: who a territory goes to depends on the kind. */
const LeadRuleFields = ({ people, teams }: { people: readonly Person[]; teams: readonly Team[] }) => {
  const { t } = useTranslation(["admin", "common"]);
  const kind = Form.useWatch<LeadRuleKind | undefined>("kind", Form.useFormInstance());
  return (
    <>
      <Form.Item name="kind" label={t("admin:sales.kind")} rules={[{ required: true }]}>
        <Select data-testid="lead-rule-kind" options={LEAD_RULE_KINDS.map((k) => ({ value: k, label: t(`admin:leadRuleKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item name="position" label={t("admin:sales.position")} extra={t("admin:service.positionHint")} rules={[{ required: true }]}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item name="province" label={t("admin:sales.province")}>
        <Input placeholder={t("admin:service.any")} data-testid="lead-rule-province" />
      </Form.Item>
      <Form.Item name="source" label={t("admin:sales.source")}>
        <Input placeholder={t("admin:service.any")} />
      </Form.Item>
      {kind === "TERRITORY" && (
        <Form.Item
          name="userId"
          label={t("admin:sales.rep")}
          dependencies={["teamId"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string | null | undefined) =>
                value || getFieldValue("teamId") ? Promise.resolve() : Promise.reject(new Error(t("admin:sales.territoryNeedsWho"))),
            }),
          ]}
        >
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            data-testid="lead-rule-user"
            options={people.map((person) => ({ value: person.id, label: `${person.name} <${person.email}>` }))}
          />
        </Form.Item>
      )}
      <Form.Item
        name="teamId"
        label={t("admin:sales.team")}
        rules={[{ required: kind === "ROUND_ROBIN" || kind === "LOAD", message: t("admin:sales.teamRequired") }]}
      >
        <Select allowClear showSearch={{ optionFilterProp: "label" }} data-testid="lead-rule-team" options={teams.map((team) => ({ value: team.id, label: team.name }))} />
      </Form.Item>
      <Form.Item name="active" label={t("admin:service.active")} valuePropName="checked">
        <Switch />
      </Form.Item>
    </>
  );
};
