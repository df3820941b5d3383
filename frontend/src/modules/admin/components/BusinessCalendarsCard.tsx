import { Checkbox, DatePicker, Form, Input, Space, Tag, TimePicker, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { AdminBusinessCalendarFieldsFragment as Calendar } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { ADMIN_BUSINESS_CALENDAR_SAVE_MUTATION } from "../graphql/adminBusinessCalendarSaveMutation";
import { WEEKDAYS } from "../utils/enumOptions";
import { RuleTableCard, rowVersion } from "./RuleTableCard";

type CalendarFormValues = {
  name: string;
  timezone: string;
  workingDays: number[];
  hours: [Dayjs, Dayjs];
  holidays: Dayjs[];
};

const FIELDS = ["name", "timezone", "workingDays", "holidays"] as const;

/** The form field an input path belongs on: the working hours are one range for `dayStart` and `dayEnd`. */
const calendarFieldOf = (path: readonly string[]): keyof CalendarFormValues | null =>
  path[0] === "dayStart" || path[0] === "dayEnd" ? "hours" : (FIELDS.find((field) => field === path[0]) ?? null);

/** "09:00:00" (the API's Time) as a dayjs of today. */
const timeOf = (value: unknown): Dayjs => dayjs(`2000-01-01T${String(value)}`);

/** Business calendars: working days, working hours and holidays that SLA targets count in. */
export const BusinessCalendarsCard = ({ calendars, onChanged }: { calendars: readonly Calendar[]; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const format = useFormatters();
  const [, saveCalendar] = useMutation(ADMIN_BUSINESS_CALENDAR_SAVE_MUTATION);

  return (
    <RuleTableCard<Calendar, CalendarFormValues>
      testId="calendar"
      title={t("admin:service.calendarsTitle")}
      createLabel={t("admin:service.calendarCreate")}
      emptyText={t("admin:service.calendarsEmpty")}
      rows={calendars}
      rowKey={(calendar) => calendar.id}
      testKey={(calendar) => calendar.name}
      columns={[
        { title: t("admin:service.name"), dataIndex: "name", key: "name" },
        { title: t("admin:service.timezone"), dataIndex: "timezone", key: "timezone" },
        {
          title: t("admin:service.workingDays"),
          key: "days",
          render: (_, c) => (
            <Space size={2} wrap>
              {c.workingDays.map((day) => (
                <Tag key={day}>{t(`admin:weekdays.${day as (typeof WEEKDAYS)[number]}`)}</Tag>
              ))}
            </Space>
          ),
        },
        { title: t("admin:service.hours"), key: "hours", render: (_, c) => `${timeOf(c.dayStart).format("HH:mm")}–${timeOf(c.dayEnd).format("HH:mm")}` },
        {
          title: t("admin:service.holidays"),
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
      ]}
      form={{
        title: (calendar) => (calendar ? t("admin:service.calendarEdit", { name: calendar.name }) : t("admin:service.calendarCreate")),
        width: 560,
        fields: calendarFieldOf,
        initialValues: (calendar) =>
          calendar
            ? {
                name: calendar.name,
                timezone: calendar.timezone,
                workingDays: [...calendar.workingDays],
                hours: [timeOf(calendar.dayStart), timeOf(calendar.dayEnd)],
                holidays: calendar.holidays.map((day) => dayjs(day)),
              }
            : { timezone: "Asia/Shanghai", workingDays: [1, 2, 3, 4, 5], hours: [timeOf("09:00:00"), timeOf("18:00:00")], holidays: [] },
        renderItems: () => (
          <>
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
          </>
        ),
        save: async (values, calendar) => {
          const result = await saveCalendar({
            input: {
              ...rowVersion(calendar),
              name: values.name.trim(),
              timezone: values.timezone.trim(),
              workingDays: [...values.workingDays].sort(),
              dayStart: values.hours[0].format("HH:mm:00"),
              dayEnd: values.hours[1].format("HH:mm:00"),
              holidays: [...values.holidays].map((day) => day.format("YYYY-MM-DD")).sort(),
            },
          });
          return { error: result.error, payload: result.data?.businessCalendarSave };
        },
      }}
      onChanged={onChanged}
    />
  );
};
