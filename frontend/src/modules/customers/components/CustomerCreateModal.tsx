import { Alert, App, Divider, Form, Input, Modal, Segmented, Select, type ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { ContactInput, CustomerCreateInput, CustomerKind, Grade } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { CUSTOMER_KINDS, GRADES } from "../constants/customerEnums";
import { useCustomerCreateMutation } from "../hooks/useCustomerCreateMutation";
import { applyUserErrors } from "../utils/userErrorFields";

export type CustomerCreateValues = {
  name: string;
  kind: CustomerKind;
  grade?: Grade;
  province?: string;
  city?: string;
  industry?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
};

type FormField = keyof CustomerCreateValues;

/** Which form field a userError path names ("contacts.0.phones.1" → contactPhone). */
export const createFormFieldFor = (path: string[]): FormField | null => {
  const [head, , part] = path;
  if (head === "contacts") {
    if (part === "phones") return "contactPhone";
    if (part === "emails") return "contactEmail";
    return "contactName";
  }
  const top: FormField[] = ["name", "kind", "grade", "province", "city", "industry"];
  return top.find((field) => field === head) ?? null;
};

const PHONE = /^\+?[\d\s\-()]{5,20}$/;

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "customer-create-submit" };

type CustomerCreateModalProps = {
  open: boolean;
  onClose: () => void;
  onCreated: (customer: { id: string; name: string }) => void;
};

/** The "new customer" form: only fields the viewer may write; server userErrors land on their field. */
export const CustomerCreateModal = ({ open, onClose, onCreated }: CustomerCreateModalProps) => {
  const { t } = useTranslation("customers");
  const { t: tc } = useTranslation("common");
  const { message } = App.useApp();
  const permissions = usePermissions();
  const [form] = Form.useForm<CustomerCreateValues>();
  const [{ fetching }, create] = useCustomerCreateMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const writable = (field: string) => permissions.has("Customer", field, "WRITE");
  const withContact = writable("contacts") && permissions.has("Contact", "name", "WRITE");
  const withPhone = withContact && permissions.has("Contact", "phones", "WRITE");
  const withEmail = withContact && permissions.has("Contact", "emails", "WRITE");

  const submit = async (values: CustomerCreateValues) => {
    setFormError(null);
    const input: CustomerCreateInput = { name: values.name.trim() };
    if (writable("kind")) input.kind = values.kind;
    if (values.grade) input.grade = values.grade;
    const text = (value: string | undefined) => value?.trim() || undefined;
    if (text(values.province)) input.province = text(values.province);
    if (text(values.city)) input.city = text(values.city);
    if (text(values.industry)) input.industry = text(values.industry);
    const contactName = text(values.contactName);
    if (contactName) {
      const contact: ContactInput = { name: contactName, isPrimary: true };
      const phone = text(values.contactPhone);
      const email = text(values.contactEmail);
      if (phone) contact.phones = [phone];
      if (email) contact.emails = [email];
      input.contacts = [contact];
    }

    const result = await create({ input });
    if (result.error) {
      setFormError(t("create.failed"));
      return;
    }
    const payload = result.data?.customerCreate;
    if (!payload) {
      setFormError(t("create.failed"));
      return;
    }
    if (payload.userErrors.length > 0) {
      const general = applyUserErrors(form, payload.userErrors, createFormFieldFor);
      if (general.length > 0) setFormError(general.join(" "));
      return;
    }
    if (payload.customer) {
      void message.success(t("create.created", { name: payload.customer.name }));
      form.resetFields();
      onCreated(payload.customer);
    }
  };

  return (
    <Modal
      open={open}
      title={t("create.title")}
      okText={t("create.submit")}
      cancelText={tc("cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={fetching}
      okButtonProps={OK_BUTTON_PROPS}
      forceRender
      destroyOnHidden
    >
      <Form<CustomerCreateValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: "COMPANY" }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => setFormError(null)}
        disabled={fetching}
        data-testid="customer-create-form"
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid="customer-create-error" />}
        <Form.Item<CustomerCreateValues>
          name="name"
          label={t("create.name")}
          rules={[{ required: true, whitespace: true, message: t("create.nameRequired") }]}
        >
          <Input placeholder={t("create.namePlaceholder")} maxLength={200} data-testid="customer-create-name" />
        </Form.Item>
        {writable("kind") && (
          <Form.Item<CustomerCreateValues> name="kind" label={t("create.kind")}>
            <Segmented<CustomerKind> options={CUSTOMER_KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))} />
          </Form.Item>
        )}
        {writable("grade") && (
          <Form.Item<CustomerCreateValues> name="grade" label={t("create.grade")}>
            <Select<Grade> allowClear options={GRADES.map((value) => ({ value, label: t(`grade.${value}`) }))} data-testid="customer-create-grade" />
          </Form.Item>
        )}
        {writable("province") && (
          <Form.Item<CustomerCreateValues> name="province" label={t("create.province")}>
            <Input maxLength={100} data-testid="customer-create-province" />
          </Form.Item>
        )}
        {writable("city") && (
          <Form.Item<CustomerCreateValues> name="city" label={t("create.city")}>
            <Input maxLength={100} data-testid="customer-create-city" />
          </Form.Item>
        )}
        {writable("industry") && (
          <Form.Item<CustomerCreateValues> name="industry" label={t("create.industry")}>
            <Input maxLength={100} data-testid="customer-create-industry" />
          </Form.Item>
        )}
        {withContact && (
          <>
            <Divider titlePlacement="start" plain>
              {t("create.contactSection")}
            </Divider>
            <Form.Item<CustomerCreateValues>
              name="contactName"
              label={t("create.contactName")}
              dependencies={["contactPhone", "contactEmail"]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string | undefined) =>
                    !value?.trim() && (getFieldValue("contactPhone")?.trim() || getFieldValue("contactEmail")?.trim())
                      ? Promise.reject(new Error(t("create.contactNameRequired")))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Input maxLength={100} data-testid="customer-create-contact-name" />
            </Form.Item>
            {withPhone && (
              <Form.Item<CustomerCreateValues>
                name="contactPhone"
                label={t("create.contactPhone")}
                rules={[{ pattern: PHONE, message: t("create.phoneInvalid") }]}
              >
                <Input inputMode="tel" maxLength={30} data-testid="customer-create-contact-phone" />
              </Form.Item>
            )}
            {withEmail && (
              <Form.Item<CustomerCreateValues>
                name="contactEmail"
                label={t("create.contactEmail")}
                rules={[{ type: "email", message: t("create.emailInvalid") }]}
              >
                <Input type="email" maxLength={200} data-testid="customer-create-contact-email" />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
};
