import { Col, Form, Input, InputNumber, Modal, Row } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { RegionCascader, regionParts, type RegionValue } from "../../customers/components/RegionCascader";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { LEAD_CREATE_MUTATION } from "../graphql/leadCreateMutation";
import { LEAD_FIELDS } from "../hooks/useLeadFieldLabel";
import { testIdProps } from "../utils/testIdProps";
import { SalesForceSelect } from "./SalesForceSelect";

type LeadFormValues = {
  name: string;
  source: string;
  phone?: string;
  email?: string;
  company?: string;
  title?: string;
  region?: RegionValue;
  message?: string;
  score?: number | null;
  ownerId?: string | null;
};

const optional = (value: string | undefined): string | null => value?.trim() || null;

/** The form field a userError names: province and city are picked together as the region. */
const leadFormField = (path: readonly string[]): keyof LeadFormValues | null => {
  const [head] = path;
  if (head === "province" || head === "city") return "region";
  return LEAD_FIELDS.find((field): field is Exclude<(typeof LEAD_FIELDS)[number], "province" | "city"> => field === head) ?? null;
};

type LeadCreateModalProps = {
  onClose: () => void;
  /** `duplicate`: the phone or email matched an open lead, which was updated instead. */
  onCreated: (name: string, duplicate: boolean) => void;
};

/** Enters one lead; without an owner the assignment rules pick one. */
export const LeadCreateModal = ({ onClose, onCreated }: LeadCreateModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const permissions = usePermissions();
  const [form] = Form.useForm<LeadFormValues>();
  const [{ fetching }, createLead] = useMutation(LEAD_CREATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: leadFormField, failed: t("leadForm.failed") });

  const submit = async (values: LeadFormValues) => {
    formErrors.clear();
    const result = await createLead({
      input: {
        name: values.name.trim(),
        source: values.source.trim(),
        phone: optional(values.phone),
        email: optional(values.email),
        company: optional(values.company),
        title: optional(values.title),
        province: regionParts(values.region).province ?? null,
        city: regionParts(values.region).city ?? null,
        message: optional(values.message),
        score: values.score ?? 0,
        ownerId: values.ownerId ?? null,
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.leadCreate });
    if (!payload) return;
    onCreated(values.name.trim(), payload.duplicate);
  };

  // A phone or an email is needed: the rule sits on the phone and re-checks when the email changes.
  const contactRule = ({ getFieldValue }: { getFieldValue: (name: keyof LeadFormValues) => unknown }) => ({
    validator: async () => {
      const phone = String(getFieldValue("phone") ?? "").trim();
      const email = String(getFieldValue("email") ?? "").trim();
      if (!phone && !email) throw new Error(t("leadForm.contactRequired"));
    },
  });

  return (
    <Modal
      open
      width={720}
      title={t("leadForm.title")}
      okText={t("leadForm.submit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("lead-create-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="lead-create" />
      <Form<LeadFormValues>
        form={form}
        layout="vertical"
        initialValues={{ source: t("leadForm.defaultSource"), score: 0 }}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues>
              name="name"
              label={t("leadField.name")}
              rules={[{ required: true, whitespace: true, message: t("leadForm.nameRequired") }]}
            >
              <Input data-testid="lead-name-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues>
              name="source"
              label={t("leadField.source")}
              rules={[{ required: true, whitespace: true, message: t("leadForm.sourceRequired") }]}
            >
              <Input data-testid="lead-source-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues> name="phone" label={t("leadField.phone")} rules={[contactRule]} dependencies={["email"]}>
              <Input type="tel" data-testid="lead-phone-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues>
              name="email"
              label={t("leadField.email")}
              rules={[{ type: "email", message: t("leadForm.emailInvalid") }]}
            >
              <Input type="email" data-testid="lead-email-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues> name="company" label={t("leadField.company")}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues> name="title" label={t("leadField.title")}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues> name="region" label={t("leadField.region")}>
              <RegionCascader testId="lead-create-region" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item<LeadFormValues> name="score" label={t("leadField.score")}>
              <InputNumber min={0} max={100} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          {permissions.canQuery("salesForce") && (
            <Col xs={24} md={12}>
              <Form.Item<LeadFormValues> name="ownerId" label={t("leadField.ownerId")} extra={t("leadForm.ownerHint")}>
                <SalesForceSelect allowClear data-testid="lead-owner-input" />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item<LeadFormValues> name="message" label={t("leadField.message")}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
};
