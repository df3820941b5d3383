import { Alert, App, Divider, Flex, Form, Input, Modal, Segmented, Select, type ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useClient, useMutation } from "urql";

import type {
  ContactInput,
  CustomerCreateInput,
  CustomerDuplicateCheckQuery,
  CustomerDuplicateDraft,
  CustomerKind,
  Grade,
} from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_KINDS, GRADES } from "../constants/customerEnums";
import { CUSTOMER_CREATE_MUTATION } from "../graphql/customerCreateMutation";
import { CUSTOMER_DUPLICATE_CHECK_QUERY } from "../graphql/customerDuplicateCheckQuery";
import { DuplicateReasons } from "./DuplicateReasons";
import { RegionCascader, regionParts, type RegionValue } from "./RegionCascader";

export type CustomerCreateValues = {
  name: string;
  kind: CustomerKind;
  grade?: Grade;
  region?: RegionValue;
  industry?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
};

type FormField = keyof CustomerCreateValues;

/** Which form field a userError path names ("contacts.0.phones.1" → contactPhone). */
export const createFormFieldFor = (path: readonly string[]): FormField | null => {
  const [head, , part] = path;
  if (head === "contacts") {
    if (part === "phones") return "contactPhone";
    if (part === "emails") return "contactEmail";
    return "contactName";
  }
  if (head === "province" || head === "city") return "region";
  const top: FormField[] = ["name", "kind", "grade", "industry"];
  return top.find((field) => field === head) ?? null;
};

const PHONE = /^\+?[\d\s\-()]{5,20}$/;

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "customer-create-submit" };

type Duplicates = CustomerDuplicateCheckQuery["customerDuplicateCheck"];

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
  const [{ fetching }, create] = useMutation(CUSTOMER_CREATE_MUTATION);
  const client = useClient();
  // Likely duplicates of the draft last checked: shown before saving; saving again creates it anyway.
  const [duplicates, setDuplicates] = useState<{ key: string; found: Duplicates } | null>(null);
  const [checking, setChecking] = useState(false);
  const formErrors = useFormErrors(form, { fields: createFormFieldFor, failed: t("create.failed") });

  const writable = (field: string) => permissions.has("Customer", field, "WRITE");
  const withContact = writable("contacts") && permissions.has("Contact", "name", "WRITE");
  const withPhone = withContact && permissions.has("Contact", "phones", "WRITE");
  const withEmail = withContact && permissions.has("Contact", "emails", "WRITE");
  const canCheck = permissions.canQuery("customerDuplicateCheck");

  /** Likely duplicates of the draft (an empty list when the check is not possible: saving is never blocked). */
  const check = async (draft: CustomerDuplicateDraft): Promise<Duplicates> => {
    if (!canCheck) return [];
    const phones = permissions.has("Contact", "phones", "READ") ? draft.phones : [];
    const emails = permissions.has("Contact", "emails", "READ") ? draft.emails : [];
    setChecking(true);
    const result = await client
      .query(CUSTOMER_DUPLICATE_CHECK_QUERY, { draft: { ...draft, phones, emails } }, { requestPolicy: "network-only" })
      .toPromise();
    setChecking(false);
    return result.data?.customerDuplicateCheck ?? [];
  };

  const submit = async (values: CustomerCreateValues) => {
    formErrors.clear();
    const input: CustomerCreateInput = { name: values.name.trim() };
    if (writable("kind")) input.kind = values.kind;
    if (values.grade) input.grade = values.grade;
    const text = (value: string | undefined) => value?.trim() || undefined;
    const region = regionParts(values.region);
    if (region.province) input.province = region.province;
    if (region.city) input.city = region.city;
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

    const draft: CustomerDuplicateDraft = {
      name: input.name,
      kind: values.kind,
      phones: input.contacts?.[0]?.phones ?? [],
      emails: input.contacts?.[0]?.emails ?? [],
    };
    const key = JSON.stringify(draft);
    if (duplicates?.key !== key) {
      const found = await check(draft);
      if (found.length > 0) {
        setDuplicates({ key, found });
        return; // shown above the form; saving the same draft again creates it anyway
      }
    }

    const result = await create({ input });
    const payload = formErrors.check({ error: result.error, payload: result.data?.customerCreate });
    if (!payload) return;
    if (payload.customer) {
      void message.success(t("create.created", { name: payload.customer.name }));
      form.resetFields();
      setDuplicates(null);
      onCreated(payload.customer);
    }
  };

  return (
    <Modal
      open={open}
      title={t("create.title")}
      okText={duplicates?.found.length ? t("create.createAnyway") : t("create.submit")}
      cancelText={tc("cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={fetching || checking}
      okButtonProps={OK_BUTTON_PROPS}
      forceRender
      destroyOnHidden
    >
      <Form<CustomerCreateValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: "COMPANY" }}
        onFinish={(values) => void submit(values)}
        onValuesChange={() => {
          formErrors.clear();
          setDuplicates(null);
        }}
        disabled={fetching}
        data-testid="customer-create-form"
      >
        <FormErrorAlert error={formErrors.error} testId="customer-create" />
        {duplicates && duplicates.found.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("create.duplicatesTitle", { count: duplicates.found.length })}
            description={
              <Flex vertical gap={6}>
                {duplicates.found.map((duplicate) => (
                  <Flex key={duplicate.customer.id} vertical gap={2} data-testid="customer-create-duplicate">
                    <Link to={`/customers/${duplicate.customer.id}`} target="_blank">
                      {duplicate.customer.name}
                    </Link>
                    <DuplicateReasons reasons={duplicate.reasons} tradeName={duplicate.tradeName} score={duplicate.score} />
                  </Flex>
                ))}
                <span>{t("create.duplicatesHint")}</span>
              </Flex>
            }
            data-testid="customer-create-duplicates"
          />
        )}
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
        {writable("province") && writable("city") && (
          <Form.Item<CustomerCreateValues> name="region" label={t("create.region")}>
            <RegionCascader testId="customer-create-region" />
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
