import { App, Checkbox, Form, Input, Modal, Select, Typography, type ButtonProps } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useDiscardGuard } from "../../ui/hooks/useDiscardGuard";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_CONTACT_CREATE_MUTATION } from "../graphql/customer360ContactCreateMutation";
import { CUSTOMER_360_CONTACT_UPDATE_MUTATION } from "../graphql/customer360ContactUpdateMutation";
import {
  CONTACT_LANGUAGES,
  contactCreateInput,
  contactFormValues,
  contactUpdateInput,
  type ContactFormValues,
  type ContactWrites,
  type EditableContact,
} from "../utils/contactInput";
import { timeZoneMatches, timeZoneOptions } from "../utils/timeZoneOptions";

const FIELDS = ["name", "title", "isPrimary", "phones", "emails", "language", "timeZone"] as const;
/** Each language by its own name, as people look for it. */
const LANGUAGE_NAMES: Record<(typeof CONTACT_LANGUAGES)[number], string> = { "zh-CN": "简体中文", en: "English" };
const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "contact-form-submit" };

type ContactFormModalProps = {
  customerId: string;
  /** The contact to edit; null: a new contact. */
  contact: EditableContact | null;
  onClose: () => void;
  /** After a save (or to reload after a conflict). */
  onSaved: () => void;
};

/**
 * Adds or edits a contact: name, title, phones, emails, language, time zone and whether it is the main contact.
 * Phones and emails are edited only by viewers who may write them (they see them in full); others see them as
 * they may (masked) and never send them. An edit sends only what changed, with the version read.
 */
export const ContactFormModal = ({ customerId, contact, onClose, onSaved }: ContactFormModalProps) => {
  const { t } = useTranslation("customers");
  const { t: tc } = useTranslation("common");
  const { message } = App.useApp();
  const permissions = usePermissions();
  const writes: ContactWrites = useMemo(
    () => ({
      title: permissions.has("Contact", "title", "WRITE"),
      isPrimary: permissions.has("Contact", "isPrimary", "WRITE"),
      phones: permissions.has("Contact", "phones", "WRITE"),
      emails: permissions.has("Contact", "emails", "WRITE"),
      language: permissions.has("Contact", "language", "WRITE"),
      timeZone: permissions.has("Contact", "timeZone", "WRITE"),
    }),
    [permissions],
  );
  const [form] = Form.useForm<ContactFormValues>();
  const [{ fetching: creating }, createContact] = useMutation(CUSTOMER_360_CONTACT_CREATE_MUTATION);
  const [{ fetching: updating }, updateContact] = useMutation(CUSTOMER_360_CONTACT_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("contactForm.failed") });
  const initialValues = useMemo(() => contactFormValues(contact, writes), [contact, writes]);
  const busy = creating || updating;
  // Offsets as of opening the form (daylight saving moves some of them during the year).
  const zones = useMemo(() => (writes.timeZone ? timeZoneOptions(contact?.timeZone) : []), [writes.timeZone, contact]);

  const submit = async (values: ContactFormValues) => {
    formErrors.clear();
    if (contact) {
      const input = contactUpdateInput(contact, values, writes);
      if (!input) {
        onClose();
        return;
      }
      const result = await updateContact({ input });
      if (!formErrors.check({ error: result.error, payload: result.data?.contactUpdate })) return;
    } else {
      const result = await createContact({ input: contactCreateInput(customerId, values, writes) });
      if (!formErrors.check({ error: result.error, payload: result.data?.contactCreate })) return;
    }
    void message.success(contact ? t("contactForm.saved") : t("contactForm.created"));
    onSaved();
    onClose();
  };

  const close = useDiscardGuard(form, onClose, { testId: "contact-form-discard" });

  // What the viewer sees but may not change (masked or read-only values) stays visible, as text.
  const readOnly = (field: "phones" | "emails") =>
    !writes[field] && contact?.[field] && contact[field].length > 0 ? (
      <Form.Item label={t(`contacts.${field}`)}>
        <Typography.Text type="secondary" data-testid={`contact-form-${field}-readonly`}>
          {contact[field].join(", ")}
        </Typography.Text>
      </Form.Item>
    ) : null;

  return (
    <Modal
      open
      title={contact ? t("contactForm.editTitle") : t("contactForm.newTitle")}
      okText={tc("save")}
      cancelText={tc("cancel")}
      okButtonProps={{ ...OK_BUTTON_PROPS, loading: busy }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="contact-form" onReload={() => { onSaved(); onClose(); }} />
      <Form<ContactFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={busy}
        data-testid="contact-form"
      >
        <Form.Item<ContactFormValues> name="name" label={t("contactForm.name")} rules={[{ required: true, whitespace: true, message: t("contactForm.nameRequired") }]}>
          <Input maxLength={200} autoFocus data-testid="contact-form-name" />
        </Form.Item>
        {writes.title && (
          <Form.Item<ContactFormValues> name="title" label={t("contactForm.title")}>
            <Input maxLength={200} data-testid="contact-form-title" />
          </Form.Item>
        )}
        {writes.phones ? (
          <Form.Item<ContactFormValues> name="phones" label={t("contacts.phones")} extra={t("contactForm.listHint")}>
            <Select mode="tags" open={false} tokenSeparators={[",", " ", "，"]} suffixIcon={null} data-testid="contact-form-phones" />
          </Form.Item>
        ) : (
          readOnly("phones")
        )}
        {writes.emails ? (
          <Form.Item<ContactFormValues> name="emails" label={t("contacts.emails")} extra={t("contactForm.listHint")}>
            <Select mode="tags" open={false} tokenSeparators={[",", " ", "，"]} suffixIcon={null} data-testid="contact-form-emails" />
          </Form.Item>
        ) : (
          readOnly("emails")
        )}
        {writes.language && (
          <Form.Item<ContactFormValues> name="language" label={t("contactForm.language")} extra={t("contactForm.languageHint")}>
            <Select
              options={CONTACT_LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
              data-testid="contact-form-language"
            />
          </Form.Item>
        )}
        {writes.timeZone && (
          <Form.Item<ContactFormValues> name="timeZone" label={t("contactForm.timeZone")} extra={t("contactForm.timeZoneHint")}>
            <Select
              showSearch
              allowClear
              placeholder={t("contactForm.timeZoneDefault")}
              options={zones}
              filterOption={timeZoneMatches}
              data-testid="contact-form-time-zone"
            />
          </Form.Item>
        )}
        {writes.isPrimary && (
          <Form.Item<ContactFormValues> name="isPrimary" valuePropName="checked">
            <Checkbox data-testid="contact-form-primary">{t("contactForm.primary")}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
