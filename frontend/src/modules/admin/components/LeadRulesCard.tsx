import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminSalesRulesQuery, LeadRuleKind } from "../../../generated/graphql";
import { useAdminLeadRuleDeleteMutation } from "../hooks/useAdminLeadRuleDeleteMutation";
import { useAdminLeadRuleSaveMutation } from "../hooks/useAdminLeadRuleSaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { LEAD_RULE_KINDS } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type LeadRule = AdminSalesRulesQuery["leadRules"][number];
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

const FIELDS = ["kind", "position", "province", "source", "teamId", "userId", "active"];

type LeadRulesCardProps = { rules: readonly LeadRule[]; people: readonly Person[]; teams: readonly Team[]; onChanged: () => void };

/** Lead assignment rules, tried in order: territory (a rep or a team), round robin or least load in a team. */
export const LeadRulesCard = ({ rules, people, teams, onChanged }: LeadRulesCardProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [messageApi, messageHolder] = message.useMessage();
  const [editing, setEditing] = useState<LeadRule | "new" | null>(null);
  const [, deleteRule] = useAdminLeadRuleDeleteMutation();

  const remove = async (rule: LeadRule) => {
    const result = await deleteRule({ id: rule.id });
    if (result.error || !result.data?.leadRuleDelete.deleted) {
      void messageApi.error(t("admin:errors.saveFailed"));
      return;
    }
    void messageApi.success(t("admin:sales.ruleDeleted"));
    onChanged();
  };

  return (
    <Card
      title={t("admin:sales.leadRulesTitle")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="lead-rule-create">
          {t("admin:sales.leadRuleCreate")}
        </Button>
      }
    >
      {messageHolder}
      <Table<LeadRule>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...rules]}
        onRow={(rule) => rowTestId(`lead-rule-row-${rule.id}`)}
        locale={{ emptyText: <Empty description={t("admin:sales.leadRulesEmpty")} /> }}
        columns={[
          { title: t("admin:sales.position"), dataIndex: "position", key: "position", width: 70 },
          { title: t("admin:sales.kind"), key: "kind", render: (_, r) => <Tag color="blue">{t(`admin:leadRuleKinds.${r.kind}`)}</Tag> },
          { title: t("admin:sales.province"), key: "province", render: (_, r) => r.province ?? t("admin:service.any") },
          { title: t("admin:sales.source"), key: "source", render: (_, r) => r.source ?? t("admin:service.any") },
          { title: t("admin:sales.assignee"), key: "assignee", render: (_, r) => r.user?.name ?? r.team?.name ?? "—" },
          { title: t("admin:service.active"), key: "active", render: (_, r) => (r.active ? <Tag color="green">{t("admin:service.on")}</Tag> : <Tag>{t("admin:service.off")}</Tag>) },
          {
            title: t("admin:users.actions"),
            key: "actions",
            render: (_, r) => (
              <Space size={0}>
                <Button type="link" onClick={() => setEditing(r)} data-testid={`lead-rule-edit-${r.id}`}>
                  {t("admin:users.edit")}
                </Button>
                <Popconfirm
                  title={t("admin:sales.leadRuleDeleteConfirm")}
                  okText={t("common:confirm")}
                  cancelText={t("common:cancel")}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove(r)}
                >
                  <Button type="link" danger data-testid={`lead-rule-delete-${r.id}`}>
                    {t("admin:service.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <LeadRuleModal
          rule={editing === "new" ? null : editing}
          people={people}
          teams={teams}
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

type LeadRuleModalProps = { rule: LeadRule | null; people: readonly Person[]; teams: readonly Team[]; onClose: () => void; onSaved: () => void };

const LeadRuleModal = ({ rule, people, teams, onClose, onSaved }: LeadRuleModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<LeadRuleFormValues>();
  const kind = Form.useWatch("kind", form);
  const [{ fetching }, save] = useAdminLeadRuleSaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: LeadRuleFormValues) => {
    setFailure(null);
    const result = await save({
      input: {
        id: rule?.id ?? null,
        version: rule?.version ?? null,
        kind: values.kind,
        position: values.position,
        province: values.province?.trim() || null,
        source: values.source?.trim() || null,
        teamId: values.teamId ?? null,
        userId: values.kind === "TERRITORY" ? (values.userId ?? null) : null,
        active: values.active,
      },
    });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.leadRuleSave.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  return (
    <Modal
      open
      title={rule ? t("admin:sales.leadRuleEdit") : t("admin:sales.leadRuleCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<LeadRuleFormValues>
        form={form}
        layout="vertical"
        data-testid="lead-rule-form"
        initialValues={
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
            : { kind: "TERRITORY", position: 100, active: true, teamId: null, userId: null }
        }
        onFinish={(values) => void submit(values)}
      >
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
      </Form>
    </Modal>
  );
};
