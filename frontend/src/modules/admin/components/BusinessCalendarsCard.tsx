import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Checkbox, DatePicker, Empty, Form, Input, Modal, Space, Table, Tag, TimePicker, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { AdminServiceRulesQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useAdminBusinessCalendarSaveMutation } from "../hooks/useAdminBusinessCalendarSaveMutation";
import { applyUserErrors } from "../utils/applyUserErrors";
import { WEEKDAYS } from "../utils/enumOptions";
import { mutationFailure, type MutationFailure } from "../utils/mutationFailure";
import { rowTestId } from "../utils/rowTestId";
import { FormFailureAlert } from "./FormFailureAlert";

type Calendar = AdminServiceRulesQuery["businessCalendars"][number];

type CalendarFormValues = {
  name: string;
  timezone: string;
  workingDays: number[];
  hours: [Dayjs, Dayjs];
  holidays: Dayjs[];
};

const FIELDS = ["name", "timezone", "workingDays", "dayStart", "dayEnd", "holidays"];

/** "09:00:00" (the API's Time) as a dayjs of today. */
const timeOf = (value: unknown): Dayjs => dayjs(`2000-01-01T${String(value)}`);

/** Business calendars: working days, working hours and holidays that SLA targets count in. */
export const BusinessCalendarsCard = ({ calendars, onChanged }: { calendars: readonly Calendar[]; onChanged: () => void }) => {
  const { t } = useTranslation("admin");
  const format = useFormatters();
  const [editing, setEditing] = useState<Calendar | "new" | null>(null);

  return (
    <Card
      title={t("service.calendarsTitle")}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="calendar-create">
          {t("service.calendarCreate")}
        </Button>
      }
    >
      <Table<Calendar>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={[...calendars]}
        onRow={(calendar) => rowTestId(`calendar-row-${calendar.name}`)}
        locale={{ emptyText: <Empty description={t("service.calendarsEmpty")} /> }}
        columns={[
          { title: t("service.name"), dataIndex: "name", key: "name" },
          { title: t("service.timezone"), dataIndex: "timezone", key: "timezone" },
          {
            title: t("service.workingDays"),
            key: "days",
            render: (_, c) => (
              <Space size={2} wrap>
                {c.workingDays.map((day) => (
                  <Tag key={day}>{t(`weekdays.${day as (typeof WEEKDAYS)[number]}`)}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t("service.hours"), key: "hours", render: (_, c) => `${timeOf(c.dayStart).format("HH:mm")}–${timeOf(c.dayEnd).format("HH:mm")}` },
          {
            title: t("service.holidays"),
            key: "holidays",
            render: (_, c) =>
              c.holidays.length === 0 ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : (
                <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                  {c.holidays.map((day) => format.date(day)).join("、")}
                </Typography.Text>
              ),
          },
          {
            title: t("users.actions"),
            key: "actions",
            render: (_, c) => (
              <Button type="link" onClick={() => setEditing(c)} data-testid={`calendar-edit-${c.name}`}>
                {t("users.edit")}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <CalendarModal
          calendar={editing === "new" ? null : editing}
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

type CalendarModalProps = { calendar: Calendar | null; onClose: () => void; onSaved: () => void };

const CalendarModal = ({ calendar, onClose, onSaved }: CalendarModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<CalendarFormValues>();
  const [{ fetching }, save] = useAdminBusinessCalendarSaveMutation();
  const [failure, setFailure] = useState<MutationFailure | string[] | null>(null);

  const submit = async (values: CalendarFormValues) => {
    setFailure(null);
    const result = await save({
      input: {
        id: calendar?.id ?? null,
        version: calendar?.version ?? null,
        name: values.name.trim(),
        timezone: values.timezone.trim(),
        workingDays: [...values.workingDays].sort(),
        dayStart: values.hours[0].format("HH:mm:00"),
        dayEnd: values.hours[1].format("HH:mm:00"),
        holidays: [...values.holidays].map((day) => day.format("YYYY-MM-DD")).sort(),
      },
    });
    if (result.error) {
      setFailure(mutationFailure(result.error));
      return;
    }
    const userErrors = result.data?.businessCalendarSave.userErrors ?? [];
    if (userErrors.length > 0) {
      const rest = applyUserErrors(form, userErrors, FIELDS);
      // dayStart/dayEnd errors belong on the hours range.
      const hourErrors = userErrors.filter((e) => e.field === "dayStart" || e.field === "dayEnd").map((e) => e.message);
      if (hourErrors.length > 0) form.setFields([{ name: "hours", errors: hourErrors }]);
      setFailure(rest);
      return;
    }
    onSaved();
  };

  return (
    <Modal
      open
      title={calendar ? t("admin:service.calendarEdit", { name: calendar.name }) : t("admin:service.calendarCreate")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      confirmLoading={fetching}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <FormFailureAlert failure={failure} onReload={onSaved} />
      <Form<CalendarFormValues>
        form={form}
        layout="vertical"
        data-testid="calendar-form"
        initialValues={
          calendar
            ? {
                name: calendar.name,
                timezone: calendar.timezone,
                workingDays: [...calendar.workingDays],
                hours: [timeOf(calendar.dayStart), timeOf(calendar.dayEnd)],
                holidays: calendar.holidays.map((day) => dayjs(day)),
              }
            : { timezone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], hours: [timeOf("09:00:00"), timeOf("18:00:00")], holidays: [] }
        }
        onFinish={(values) => void submit(values)}
      >
        <Form.Item name="name" label={t("admin:service.name")} rules={[{ required: true, whitespace: true, message: t("admin:service.nameRequired") }]}>
          <Input data-testid="calendar-name" />
        </Form.Item>
        <Form.Item name="timezone" label={t("admin:service.timezone")} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="workingDays"
          label={t("admin:service.workingDays")}
          rules={[{ required: true, type: "array", min: 1, message: t("admin:service.workingDaysRequired") }]}
        >
          <Checkbox.Group options={WEEKDAYS.map((day) => ({ value: day, label: t(`admin:weekdays.${day}`) }))} />
        </Form.Item>
        <Form.Item
          name="hours"
          label={t("admin:service.hours")}
          rules={[
            { required: true, message: t("admin:service.hoursRequired") },
            {
              validator: (_, value: [Dayjs, Dayjs] | undefined) =>
                !value || value[0].isBefore(value[1]) ? Promise.resolve() : Promise.reject(new Error(t("admin:service.hoursOrder"))),
            },
          ]}
        >
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} order={false} />
        </Form.Item>
        <Form.Item name="holidays" label={t("admin:service.holidays")}>
          <DatePicker multiple maxTagCount="responsive" style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
