import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminServiceRulesQuery, Channel, Priority } from "../../../generated/graphql";
import { useAdminRoutingRuleDeleteMutation } from "../hooks/useAdminRoutingRuleDeleteMutation";
import { useAdminRoutingRuleSaveMutation } from "../hooks/useAdminRoutingRuleSaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { CHANNELS, GRADES, PRIORITIES } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type RoutingRule = AdminServiceRulesQuery["routingRules"][number];
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

const FIELDS = ["position", "category", "channel", "customerGrade", "queueId", "skill", "priority", "active"];

type RoutingRulesCardProps = { rules: readonly RoutingRule[]; queues: readonly Queue[]; onChanged: () => void };

/** Routing rules, tried in order: a ticket's category (channel, customer grade) picks a queue and a skill. */
export const RoutingRulesCard = ({ rules, queues, onChanged }: RoutingRulesCardProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [messageApi, messageHolder] = message.useMessage();
  const [editing, setEditing] = useState<RoutingRule | "new" | null>(null);
  const [, deleteRule] = useAdminRoutingRuleDeleteMutation();
  const queueName = (id: string) => queues.find((queue) => queue.id === id)?.name ?? id;

  const remove = async (rule: RoutingRule) => {
    const result = await deleteRule({ id: rule.id });
    const userErrors = result.data?.routingRuleDelete.userErrors ?? [];
    if (result.error || userErrors.length > 0) {
      void messageApi.error(userErrors.map((e) => e.message).join(" ") || t("admin:errors.saveFailed"));
      return;
    }
    void messageApi.success(t("admin:service.ruleDeleted"));
    onChanged();
  };

  return (
    <Card
      title={t("admin:service.routingTitle")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="routing-create">
          {t("admin:service.routingCreate")}
        </Button>
      }
    >
      {messageHolder}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...rules]}
        onRow={(rule) => rowTestId(`routing-row-${rule.category}`)}
        locale={{ emptyText: <Empty description={t("admin:service.routingEmpty")} /> }}
        columns={[
          { title: t("admin:service.position"), dataIndex: "position", key: "position", width: 70 },
          { title: t("admin:service.category"), dataIndex: "category", key: "category" },
          { title: t("admin:service.channel"), key: "channel", render: (_, r) => (r.channel ? t(`admin:channels.${r.channel}`) : t("admin:service.any")) },
          { title: t("admin:service.customerGrade"), key: "grade", render: (_, r) => r.customerGrade ?? t("admin:service.any") },
          { title: t("admin:service.queue"), key: "queue", render: (_, r) => queueName(r.queueId) },
          { title: t("admin:service.skill"), key: "skill", render: (_, r) => r.skill ?? "—" },
          { title: t("admin:service.setPriority"), key: "priority", render: (_, r) => (r.priority ? t(`admin:priorities.${r.priority}`) : "—") },
          { title: t("admin:service.active"), key: "active", render: (_, r) => (r.active ? <Tag color="green">{t("admin:service.on")}</Tag> : <Tag>{t("admin:service.off")}</Tag>) },
          {
            title: t("admin:users.actions"),
            key: "actions",
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" onClick={() => setEditing(r)} data-testid={`routing-edit-${r.category}`}>
                  {t("admin:users.edit")}
                </Button>
                <Popconfirm
                  title={t("admin:service.routingDeleteConfirm", { category: r.category })}
                  okText={t("common:confirm")}
                  cancelText={t("common:cancel")}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(r)}
                >
                  <Button type="link" danger data-testid={`routing-delete-${r.category}`}>
                    {t("admin:service.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <RoutingRuleModal
          rule={editing === "new" ? null : editing}
          queues={queues}
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

type RoutingRuleModalProps = { rule: RoutingRule | null; queues: readonly Queue[]; onClose: () => void; onSaved: () => void };

const RoutingRuleModal = ({ rule, queues, onClose, onSaved }: RoutingRuleModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<RuleFormValues>();
  const [{ fetching }, save] = useAdminRoutingRuleSaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: RuleFormValues) => {
    setFailure(null);
    const result = await save({
      input: {
        id: rule?.id ?? null,
        version: rule?.version ?? null,
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
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.routingRuleSave.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  return (
    <Modal
      open
      title={rule ? t("admin:service.routingEdit", { category: rule.category }) : t("admin:service.routingCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<RuleFormValues>
        form={form}
        layout="vertical"
        data-testid="routing-form"
        initialValues={
          rule
            ? { ...rule, channel: rule.channel ?? null, customerGrade: rule.customerGrade ?? null, skill: rule.skill ?? null, priority: rule.priority ?? null }
            : { position: 100, active: true, channel: null, customerGrade: null, priority: null }
        }
        onFinish={(values) => void submit(values)}
      >
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
      </Form>
    </Modal>
  );
};
