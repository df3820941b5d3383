import { Form, Input, InputNumber, Select, Switch, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminBusinessCalendarFieldsFragment as Calendar, AdminSlaPolicyFieldsFragment as SlaPolicy, Priority } from "../../../generated/graphql";
import { ADMIN_SLA_POLICY_SAVE_MUTATION } from "../graphql/adminSlaPolicySaveMutation";
import { PRIORITIES } from "../utils/enumOptions";
import { RuleTableCard, rowVersion } from "./RuleTableCard";

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

const FIELDS = ["name", "position", "priority", "category", "firstResponseMinutes", "resolutionMinutes", "calendarId", "active"] as const;

type SlaPoliciesCardProps = { policies: readonly SlaPolicy[]; calendars: readonly Calendar[]; onChanged: () => void };

/** SLA policies in the order they are tried: targets per priority and category, on a business calendar. */
export const SlaPoliciesCard = ({ policies, calendars, onChanged }: SlaPoliciesCardProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [, savePolicy] = useMutation(ADMIN_SLA_POLICY_SAVE_MUTATION);
  const calendarName = (id: string | null) => calendars.find((calendar) => calendar.id === id)?.name ?? t("admin:service.roundTheClock");

  return (
    <RuleTableCard<SlaPolicy, SlaFormValues>
      testId="sla"
      title={t("admin:service.slaTitle")}
      createLabel={t("admin:service.slaCreate")}
      emptyText={t("admin:service.slaEmpty")}
      rows={policies}
      rowKey={(policy) => policy.id}
      testKey={(policy) => policy.name}
      columns={[
        { title: t("admin:service.position"), dataIndex: "position", key: "position", width: 70 },
        { title: t("admin:service.name"), dataIndex: "name", key: "name" },
        { title: t("admin:service.priority"), key: "priority", render: (_, p) => (p.priority ? t(`admin:priorities.${p.priority}`) : t("admin:service.any")) },
        { title: t("admin:service.category"), key: "category", render: (_, p) => p.category ?? t("admin:service.any") },
        { title: t("admin:service.firstResponse"), key: "first", render: (_, p) => t("admin:service.minutes", { count: p.firstResponseMinutes }) },
        { title: t("admin:service.resolution"), key: "resolution", render: (_, p) => t("admin:service.minutes", { count: p.resolutionMinutes }) },
        { title: t("admin:service.calendar"), key: "calendar", render: (_, p) => calendarName(p.calendarId) },
        { title: t("admin:service.active"), key: "active", render: (_, p) => (p.active ? <Tag color="green">{t("admin:service.on")}</Tag> : <Tag>{t("admin:service.off")}</Tag>) },
      ]}
      form={{
        title: (policy) => (policy ? t("admin:service.slaEdit", { name: policy.name }) : t("admin:service.slaCreate")),
        fields: FIELDS,
        initialValues: (policy) =>
          policy
            ? { ...policy, priority: policy.priority ?? null, category: policy.category ?? null, calendarId: policy.calendarId ?? null }
            : { position: 100, firstResponseMinutes: 60, resolutionMinutes: 480, active: true, priority: null, calendarId: null },
        renderItems: () => (
          <>
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
          </>
        ),
        save: async (values, policy) => {
          const result = await savePolicy({
            input: {
              ...rowVersion(policy),
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
          return { error: result.error, payload: result.data?.slaPolicySave };
        },
      }}
      onChanged={onChanged}
    />
  );
};
