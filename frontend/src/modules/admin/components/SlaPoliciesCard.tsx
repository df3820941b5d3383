import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminServiceRulesQuery, Priority } from "../../../generated/graphql";
import { useAdminSlaPolicySaveMutation } from "../hooks/useAdminSlaPolicySaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { PRIORITIES } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type SlaPolicy = AdminServiceRulesQuery["slaPolicies"][number];
type Calendar = AdminServiceRulesQuery["businessCalendars"][number];

type SlaFormValues = {
  name: string;
  position: number;
  priority?: Priority | null;
  category?: string | null;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  calendarId?: string | null;
  active: boolean;
};

const FIELDS = ["name", "position", "priority", "category", "firstResponseMinutes", "resolutionMinutes", "calendarId", "active"];

type SlaPoliciesCardProps = { policies: readonly SlaPolicy[]; calendars: readonly Calendar[]; onChanged: () => void };

/** SLA policies in the order they are tried: targets per priority and category, on a business calendar. */
export const SlaPoliciesCard = ({ policies, calendars, onChanged }: SlaPoliciesCardProps) => {
  const { t } = useTranslation("admin");
  const [editing, setEditing] = useState<SlaPolicy | "new" | null>(null);
  const calendarName = (id: string | null) => calendars.find((calendar) => calendar.id === id)?.name ?? t("service.roundTheClock");

  return (
    <Card
      title={t("service.slaTitle")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="sla-create">
          {t("service.slaCreate")}
        </Button>
      }
    >
      <Table<SlaPolicy>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...policies]}
        onRow={(policy) => rowTestId(`sla-row-${policy.name}`)}
        locale={{ emptyText: <Empty description={t("service.slaEmpty")} /> }}
        columns={[
          { title: t("service.position"), dataIndex: "position", key: "position", width: 70 },
          { title: t("service.name"), dataIndex: "name", key: "name" },
          { title: t("service.priority"), key: "priority", render: (_, p) => (p.priority ? t(`priorities.${p.priority}`) : t("service.any")) },
          { title: t("service.category"), key: "category", render: (_, p) => p.category ?? t("service.any") },
          { title: t("service.firstResponse"), key: "first", render: (_, p) => t("service.minutes", { count: p.firstResponseMinutes }) },
          { title: t("service.resolution"), key: "resolution", render: (_, p) => t("service.minutes", { count: p.resolutionMinutes }) },
          { title: t("service.calendar"), key: "calendar", render: (_, p) => calendarName(p.calendarId) },
          { title: t("service.active"), key: "active", render: (_, p) => (p.active ? <Tag color="green">{t("service.on")}</Tag> : <Tag>{t("service.off")}</Tag>) },
          {
            title: t("users.actions"),
            key: "actions",
            render: (_, p) => (
              <Button type="link" onClick={() => setEditing(p)} data-testid={`sla-edit-${p.name}`}>
                {t("users.edit")}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <SlaPolicyModal
          policy={editing === "new" ? null : editing}
          calendars={calendars}
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

type SlaPolicyModalProps = { policy: SlaPolicy | null; calendars: readonly Calendar[]; onClose: () => void; onSaved: () => void };

const SlaPolicyModal = ({ policy, calendars, onClose, onSaved }: SlaPolicyModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<SlaFormValues>();
  const [{ fetching }, save] = useAdminSlaPolicySaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: SlaFormValues) => {
    setFailure(null);
    const result = await save({
      input: {
        id: policy?.id ?? null,
        version: policy?.version ?? null,
        name: values.name.trim(),
        position: values.position,
        priority: values.priority ?? null,
        category: values.category?.trim() || null,
        firstResponseMinutes: values.firstResponseMinutes,
        resolutionMinutes: values.resolutionMinutes,
        calendarId: values.calendarId ?? null,
        active: values.active,
      },
    });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.slaPolicySave.userErrors ?? [];
    if (userErrors.length > 0) {
      setFailure(applyUserErrors(form, userErrors, FIELDS));
      return;
    }
    onSaved();
  };

  return (
    <Modal
      open
      title={policy ? t("admin:service.slaEdit", { name: policy.name }) : t("admin:service.slaCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<SlaFormValues>
        form={form}
        layout="vertical"
        data-testid="sla-form"
        initialValues={
          policy
            ? { ...policy, priority: policy.priority ?? null, category: policy.category ?? null, calendarId: policy.calendarId ?? null }
            : { position: 100, firstResponseMinutes: 60, resolutionMinutes: 480, active: true, priority: null, calendarId: null }
        }
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label={t("admin:service.name")} rules={[{ required: true, whitespace: true, message: t("admin:service.nameRequired") }]}>
          <Input data-testid="sla-name" />
        </Form.Item>
        <Form.Item name="position" label={t("admin:service.position")} extra={t("admin:service.positionHint")} rules={[{ required: true }]}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Form.Item name="priority" label={t("admin:service.priority")}>
          <Select allowClear placeholder={t("admin:service.any")} options={PRIORITIES.map((p) => ({ value: p, label: t(`admin:priorities.${p}`) }))} />
        </Form.Item>
        <Form.Item name="category" label={t("admin:service.category")}>
          <Input placeholder={t("admin:service.any")} />
        </Form.Item>
        <Form.Item
          name="firstResponseMinutes"
          label={t("admin:service.firstResponseMinutes")}
          rules={[{ required: true, message: t("admin:service.minutesRequired") }]}
        >
          <InputNumber min={1} precision={0} data-testid="sla-first-response" />
        </Form.Item>
        <Form.Item name="resolutionMinutes" label={t("admin:service.resolutionMinutes")} rules={[{ required: true, message: t("admin:service.minutesRequired") }]}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="calendarId" label={t("admin:service.calendar")}>
          <Select
            allowClear
            placeholder={t("admin:service.roundTheClock")}
            options={calendars.map((calendar) => ({ value: calendar.id, label: calendar.name }))}
          />
        </Form.Item>
        <Form.Item name="active" label={t("admin:service.active")} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
};
