import { App, Button, Card, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import type { Priority } from "../../generated/graphql";
import { PORTAL_TICKET_CREATE_MUTATION } from "../../modules/service/graphql/portalTicketCreateMutation";
import { KNOWN_CATEGORIES, PRIORITIES } from "../../modules/service/utils/ticketStatuses";
import { FormErrorAlert } from "../../modules/ui/components/FormErrorAlert";
import { useFormErrors } from "../../modules/ui/hooks/useFormErrors";

type NewTicketValues = {
  subject: string;
  category: string;
  priority: Priority;
  description?: string;
};

const FIELDS = ["subject", "category", "priority", "description"] as const;

/** /portal/new: a customer opens a ticket for their company (`ticketCreate`). */
export const PortalNewTicketView = () => {
  const { t } = useTranslation(["portal", "service"]);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewTicketValues>();
  const [{ fetching }, create] = useMutation(PORTAL_TICKET_CREATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("portal:create.failed") });

  const submit = async (values: NewTicketValues) => {
    formErrors.clear();
    const result = await create({
      input: {
        subject: values.subject.trim(),
        category: values.category,
        priority: values.priority,
        description: values.description?.trim() || null,
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.ticketCreate });
    if (!payload?.ticket) return;
    void message.success(t("portal:create.created", { number: payload.ticket.number }));
    void navigate(`/portal/tickets/${encodeURIComponent(payload.ticket.id)}`);
  };

  return (
    <Card title={t("portal:create.title")} style={{ maxWidth: 720 }}>
      <Form<NewTicketValues>
        form={form}
        layout="vertical"
        initialValues={{ priority: "NORMAL" }}
        onFinish={(values) => void submit(values)}
        disabled={fetching}
        data-testid="portal-create-form"
      >
        <FormErrorAlert error={formErrors.error} testId="portal-create" />
        <Form.Item<NewTicketValues>
          name="subject"
          label={t("portal:create.subject")}
          rules={[{ required: true, whitespace: true, message: t("portal:create.subjectRequired") }]}
        >
          <Input maxLength={300} placeholder={t("portal:create.subjectPlaceholder")} data-testid="portal-create-subject" />
        </Form.Item>
        <Form.Item<NewTicketValues>
          name="category"
          label={t("portal:create.category")}
          rules={[{ required: true, message: t("portal:create.categoryRequired") }]}
        >
          <Select
            placeholder={t("portal:create.categoryPlaceholder")}
            options={KNOWN_CATEGORIES.map((category) => ({ value: category, label: t(`service:category.${category}`) }))}
            data-testid="portal-create-category"
          />
        </Form.Item>
        <Form.Item<NewTicketValues> name="priority" label={t("portal:create.priority")} rules={[{ required: true }]}>
          <Select
            options={PRIORITIES.map((priority) => ({ value: priority, label: t(`service:priority.${priority}`) }))}
            data-testid="portal-create-priority"
          />
        </Form.Item>
        <Form.Item<NewTicketValues> name="description" label={t("portal:create.description")}>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t("portal:create.descriptionPlaceholder")} data-testid="portal-create-description" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={fetching} data-testid="portal-create-submit">
          {t("portal:create.submit")}
        </Button>
      </Form>
    </Card>
  );
};
