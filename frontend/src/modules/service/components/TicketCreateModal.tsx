import { App, Form, Input, Modal, Select } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";

import type { Channel, Priority } from "../../../generated/graphql";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { TICKET_CREATE_CONTACTS_QUERY } from "../graphql/ticketCreateContactsQuery";
import { TICKET_CREATE_MUTATION } from "../graphql/ticketCreateMutation";
import { KNOWN_CATEGORIES, PRIORITIES } from "../utils/ticketStatuses";

/** Where staff take requests from (the portal files its own). */
export const STAFF_CHANNELS: readonly Channel[] = ["PHONE", "EMAIL", "WECHAT", "WEB"];

type NewTicketValues = {
  subject: string;
  category: string;
  priority: Priority;
  channel: Channel;
  contactId?: string;
  description?: string;
};

/** Spread into antd's button props (which take data attributes but do not type them). */
const SUBMIT_TEST_ID = { "data-testid": "ticket-create-submit" };

const FIELDS = ["subject", "category", "priority", "channel", "contactId", "description"] as const;

type TicketCreateModalProps = {
  customer: { id: string; name: string };
  /** The contact who called, if known (preselected). */
  contactId?: string | null;
  onClose: () => void;
};

/**
 * Staff open a ticket for a customer (by default: who phoned in); the new ticket's page opens. Rendered while
 * open (the parent mounts it).
 */
export const TicketCreateModal = ({ customer, contactId = null, onClose }: TicketCreateModalProps) => {
  const { t } = useTranslation(["service", "common"]);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [form] = Form.useForm<NewTicketValues>();
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("create.failed") });
  const withContacts = permissions.has("Customer", "contacts") && permissions.has("Contact", "name");
  const [{ data }] = useQuery({
    query: TICKET_CREATE_CONTACTS_QUERY,
    variables: { id: customer.id },
    pause: !withContacts,
  });
  const [{ fetching }, create] = useMutation(TICKET_CREATE_MUTATION);
  const contacts = data?.customer?.contacts ?? [];
  const preselected = contactId ?? contacts.find((contact) => contact.isPrimary)?.id ?? null;

  // The caller (or else the primary contact) once the contacts have loaded, unless someone chose already.
  useEffect(() => {
    if (preselected && !form.getFieldValue("contactId")) form.setFieldValue("contactId", preselected);
  }, [form, preselected]);

  const submit = async (values: NewTicketValues) => {
    formErrors.clear();
    const result = await create({
      input: {
        customerId: customer.id,
        contactId: values.contactId ?? null,
        subject: values.subject.trim(),
        category: values.category,
        priority: values.priority,
        channel: values.channel,
        description: values.description?.trim() || null,
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.ticketCreate });
    if (!payload) return;
    onClose();
    if (payload.ticket) {
      void message.success(t("create.created", { number: payload.ticket.number }));
      void navigate(`/service/tickets/${encodeURIComponent(payload.ticket.id)}`);
    } else {
      // Routed to a queue the viewer does not see: created all the same.
      void message.success(t("create.createdElsewhere"));
    }
  };

  return (
    <Modal
      open
      width={640}
      title={t("create.title", { customer: customer.name })}
      okText={t("create.submit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...SUBMIT_TEST_ID }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<NewTicketValues>
        form={form}
        layout="vertical"
        initialValues={{ priority: "NORMAL", channel: "PHONE", contactId: preselected ?? undefined }}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
        data-testid="ticket-create-form"
      >
        <FormErrorAlert error={formErrors.error} testId="ticket-create" />
        <Form.Item<NewTicketValues>
          name="subject"
          label={t("create.subject")}
          rules={[{ required: true, whitespace: true, message: t("create.subjectRequired") }]}
        >
          <Input maxLength={300} data-testid="ticket-create-subject" />
        </Form.Item>
        <Form.Item<NewTicketValues> name="category" label={t("create.category")} rules={[{ required: true, message: t("create.categoryRequired") }]}>
          <Select
            placeholder={t("create.categoryPlaceholder")}
            options={KNOWN_CATEGORIES.map((category) => ({ value: category, label: t(`category.${category}`) }))}
            data-testid="ticket-create-category"
          />
        </Form.Item>
        <Form.Item<NewTicketValues> name="priority" label={t("create.priority")} rules={[{ required: true }]}>
          <Select
            options={PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
            data-testid="ticket-create-priority"
          />
        </Form.Item>
        <Form.Item<NewTicketValues> name="channel" label={t("create.channel")} rules={[{ required: true }]}>
          <Select
            options={STAFF_CHANNELS.map((channel) => ({ value: channel, label: t(`channel.${channel}`) }))}
            data-testid="ticket-create-channel"
          />
        </Form.Item>
        {withContacts && (
          <Form.Item<NewTicketValues> name="contactId" label={t("create.contact")}>
            <Select
              allowClear
              placeholder={t("create.contactPlaceholder")}
              options={contacts.map((contact) => ({ value: contact.id, label: contact.name }))}
              data-testid="ticket-create-contact"
            />
          </Form.Item>
        )}
        <Form.Item<NewTicketValues> name="description" label={t("create.description")}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="ticket-create-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
