import { App, Button, Flex, Form, Grid, Input, Segmented, Select } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import type { ActivityKind, ActivityLogInput } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { ACTIVITY_KINDS } from "../constants/customerEnums";
import { CUSTOMER_360_ACTIVITY_LOG_MUTATION } from "../graphql/customer360ActivityLogMutation";
import { ACTIVITY_ICONS } from "./timelineEntryItem";

export type ActivityLogValues = {
  kind: ActivityKind;
  subject: string;
  body?: string;
  outcome?: string;
  contactId?: string;
};

export type LoggedActivity = {
  id: string;
  kind: ActivityKind;
  subject: string;
  body: string | null;
  outcome: string | null;
  occurredAt: string;
  contact?: { id: string; name: string } | null;
};

type ActivityLogFormProps = {
  customerId: string;
  /** The deal the activity is about (the deal's page logs there). */
  opportunityId?: string;
  contacts: ReadonlyArray<{ id: string; name: string }>;
  onLogged: (activity: LoggedActivity) => void;
};

const FIELDS = ["kind", "subject", "body", "outcome", "contactId"] as const;

// Logging a follow-up changes the customer (last activity, days before the public pool): refresh what shows it.
const MUTATION_CONTEXT = { additionalTypenames: ["Customer"] };

/** The quick "log a call / meeting / visit / email / note" form at the top of the timeline. */
export const ActivityLogForm = ({ customerId, opportunityId, contacts, onLogged }: ActivityLogFormProps) => {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const permissions = usePermissions();
  // On a phone the kinds show as icons only (named for screen readers and on hover), so the form fits the screen.
  const wide = Grid.useBreakpoint().sm ?? true;
  const [form] = Form.useForm<ActivityLogValues>();
  const [{ fetching }, logActivity] = useMutation(CUSTOMER_360_ACTIVITY_LOG_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("activityForm.failed") });

  const writable = (field: string) => permissions.has("Activity", field, "WRITE");
  const withContact = writable("contact") && contacts.length > 0 && permissions.has("Contact", "name");
  const kindOptions = useMemo(
    () =>
      ACTIVITY_KINDS.map((value) => ({
        value,
        label: wide ? t(`activityKind.${value}`) : undefined,
        title: t(`activityKind.${value}`),
        icon: ACTIVITY_ICONS[value],
      })),
    [t, wide],
  );

  const submit = async (values: ActivityLogValues) => {
    formErrors.clear();
    const input: ActivityLogInput = { customerId, kind: values.kind, subject: values.subject.trim() };
    if (values.body?.trim()) input.body = values.body.trim();
    if (values.outcome?.trim()) input.outcome = values.outcome.trim();
    if (values.contactId) input.contactId = values.contactId;
    if (opportunityId) input.opportunityId = opportunityId;
    const result = await logActivity({ input, withContact }, MUTATION_CONTEXT);
    const payload = formErrors.check({ error: result.error, payload: result.data?.activityLog });
    if (!payload) return;
    if (payload.activity) {
      onLogged(payload.activity);
      form.resetFields(["subject", "body", "outcome", "contactId"]);
      void message.success(t("activityForm.logged"));
    }
  };

  return (
    <Form<ActivityLogValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: "CALL" }}
      onFinish={(values) => void submit(values)}
      onValuesChange={formErrors.clear}
      disabled={fetching}
      aria-label={t("activityForm.title")}
      data-testid="activity-log-form"
    >
      <FormErrorAlert error={formErrors.error} testId="activity-log" style={{ marginBottom: 12 }} />
      <Form.Item<ActivityLogValues> name="kind" label={t("activityForm.kind")} style={{ marginBottom: 12 }}>
        <Segmented<ActivityKind> options={kindOptions} data-testid="activity-kind" />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item<ActivityLogValues>
          name="subject"
          label={t("activityForm.subject")}
          rules={[{ required: true, whitespace: true, message: t("activityForm.subjectRequired") }]}
          style={{ flex: "2 1 240px", marginBottom: 12 }}
        >
          <Input placeholder={t("activityForm.subjectPlaceholder")} maxLength={200} data-testid="activity-subject" />
        </Form.Item>
        {writable("outcome") && (
          <Form.Item<ActivityLogValues> name="outcome" label={t("activityForm.outcome")} style={{ flex: "1 1 180px", marginBottom: 12 }}>
            <Input placeholder={t("activityForm.outcomePlaceholder")} maxLength={200} data-testid="activity-outcome" />
          </Form.Item>
        )}
        {withContact && (
          <Form.Item<ActivityLogValues> name="contactId" label={t("activityForm.contact")} style={{ flex: "1 1 160px", marginBottom: 12 }}>
            <Select
              allowClear
              placeholder={t("activityForm.contactPlaceholder")}
              options={contacts.map((contact) => ({ value: contact.id, label: contact.name }))}
              data-testid="activity-contact"
            />
          </Form.Item>
        )}
      </Flex>
      {writable("body") && (
        <Form.Item<ActivityLogValues> name="body" label={t("activityForm.body")} style={{ marginBottom: 12 }}>
          <Input.TextArea placeholder={t("activityForm.bodyPlaceholder")} rows={3} maxLength={4000} data-testid="activity-body" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={fetching} data-testid="activity-submit">
        {t("activityForm.submit")}
      </Button>
    </Form>
  );
};
