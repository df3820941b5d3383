import { Form, Input, InputNumber, Select, Switch, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminRoutingRuleFieldsFragment as RoutingRule, Channel, Priority } from "../../../generated/graphql";
import { ADMIN_ROUTING_RULE_DELETE_MUTATION } from "../graphql/adminRoutingRuleDeleteMutation";
import { ADMIN_ROUTING_RULE_SAVE_MUTATION } from "../graphql/adminRoutingRuleSaveMutation";
import { CHANNELS, GRADES, PRIORITIES } from "../utils/enumOptions";
import { RuleTableCard, rowVersion } from "./RuleTableCard";

type Queue = { id: string; name: string };

type RuleFormValues = {
  position: number;
  category: string;
  channel?: Channel | null;
  customerGrade?: string | null;
  queueId: string;
  skill?: string | null;
  priority?: Priority | null;
  active: boolean;
};

const FIELDS = ["position", "category", "channel", "customerGrade", "queueId", "skill", "priority", "active"] as const;

type RoutingRulesCardProps = { rules: readonly RoutingRule[]; queues: readonly Queue[]; onChanged: () => void };

/** Routing rules, tried in order: a ticket's category (channel, customer grade) picks a queue and a skill. */
export const RoutingRulesCard = ({ rules, queues, onChanged }: RoutingRulesCardProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [, saveRule] = useMutation(ADMIN_ROUTING_RULE_SAVE_MUTATION);
  const [, deleteRule] = useMutation(ADMIN_ROUTING_RULE_DELETE_MUTATION);
  const queueName = (id: string) => queues.find((queue) => queue.id === id)?.name ?? id;

  return (
    <RuleTableCard<RoutingRule, RuleFormValues>
      testId="routing"
      title={t("admin:service.routingTitle")}
      createLabel={t("admin:service.routingCreate")}
      emptyText={t("admin:service.routingEmpty")}
      rows={rules}
      rowKey={(rule) => rule.id}
      testKey={(rule) => rule.category}
      columns={[
        { title: t("admin:service.position"), dataIndex: "position", key: "position", width: 70 },
        { title: t("admin:service.category"), dataIndex: "category", key: "category" },
        { title: t("admin:service.channel"), key: "channel", render: (_, r) => (r.channel ? t(`admin:channels.${r.channel}`) : t("admin:service.any")) },
        { title: t("admin:service.customerGrade"), key: "grade", render: (_, r) => r.customerGrade ?? t("admin:service.any") },
        { title: t("admin:service.queue"), key: "queue", render: (_, r) => queueName(r.queueId) },
        { title: t("admin:service.skill"), key: "skill", render: (_, r) => r.skill ?? "—" },
        { title: t("admin:service.setPriority"), key: "priority", render: (_, r) => (r.priority ? t(`admin:priorities.${r.priority}`) : "—") },
        { title: t("admin:service.active"), key: "active", render: (_, r) => (r.active ? <Tag color="green">{t("admin:service.on")}</Tag> : <Tag>{t("admin:service.off")}</Tag>) },
      ]}
      form={{
        title: (rule) => (rule ? t("admin:service.routingEdit", { category: rule.category }) : t("admin:service.routingCreate")),
        fields: FIELDS,
        initialValues: (rule) =>
          rule
            ? { ...rule, channel: rule.channel ?? null, customerGrade: rule.customerGrade ?? null, skill: rule.skill ?? null, priority: rule.priority ?? null }
            : { position: 100, active: true, channel: null, customerGrade: null, priority: null },
        renderItems: () => (
          <>
            <Form.Item name="category" label={t("admin:service.category")} rules={[{ required: true, whitespace: true, message: t("admin:service.categoryRequired") }]}>
              <Input data-testid="routing-category" />
            </Form.Item>
            <Form.Item name="position" label={t("admin:service.position")} extra={t("admin:service.positionHint")} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item name="channel" label={t("admin:service.channel")}>
              <Select allowClear placeholder={t("admin:service.any")} options={CHANNELS.map((c) => ({ value: c, label: t(`admin:channels.${c}`) }))} />
            </Form.Item>
            <Form.Item name="customerGrade" label={t("admin:service.customerGrade")}>
              <Select allowClear placeholder={t("admin:service.any")} options={GRADES.map((g) => ({ value: g, label: g }))} />
            </Form.Item>
            <Form.Item name="queueId" label={t("admin:service.queue")} rules={[{ required: true, message: t("admin:service.queueRequired") }]}>
              <Select data-testid="routing-queue" options={queues.map((queue) => ({ value: queue.id, label: queue.name }))} />
            </Form.Item>
            <Form.Item name="skill" label={t("admin:service.skill")}>
              <Input />
            </Form.Item>
            <Form.Item name="priority" label={t("admin:service.setPriority")}>
              <Select allowClear placeholder={t("admin:service.keepPriority")} options={PRIORITIES.map((p) => ({ value: p, label: t(`admin:priorities.${p}`) }))} />
            </Form.Item>
            <Form.Item name="active" label={t("admin:service.active")} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        ),
        save: async (values, rule) => {
          const result = await saveRule({
            input: {
              ...rowVersion(rule),
              position: values.position,
              category: values.category.trim(),
              channel: values.channel ?? null,
              customerGrade: values.customerGrade ?? null,
              queueId: values.queueId,
              skill: values.skill?.trim() || null,
              priority: values.priority ?? null,
              active: values.active,
            },
          });
          return { error: result.error, payload: result.data?.routingRuleSave };
        },
      }}
      remove={{
        confirmTitle: (rule) => t("admin:service.routingDeleteConfirm", { category: rule.category }),
        done: t("admin:service.ruleDeleted"),
        run: async (rule) => {
          const result = await deleteRule({ id: rule.id });
          return { error: result.error, payload: result.data?.routingRuleDelete };
        },
      }}
      onChanged={onChanged}
    />
  );
};
