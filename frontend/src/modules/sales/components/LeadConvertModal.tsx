import { Alert, Button, Form, Input, InputNumber, Modal, Result } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { MAX_AMOUNT } from "../constants/salesPageSizes";
import { LEAD_CONVERT_MUTATION } from "../graphql/leadConvertMutation";
import type { ListedLead } from "../types/ListedLead";
import { testIdProps } from "../utils/testIdProps";

type ConvertValues = { amount: string; opportunityName?: string };

type Converted = {
  customer: { id: string; name: string } | null;
  opportunityName: string | null;
};

type LeadConvertModalProps = {
  lead: ListedLead;
  onClose: () => void;
};

/** Turns a lead into a customer (with a contact) and an opportunity, then links to the customer. */
export const LeadConvertModal = ({ lead, onClose }: LeadConvertModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const navigate = useNavigate();
  const [form] = Form.useForm<ConvertValues>();
  const [{ fetching }, convert] = useMutation(LEAD_CONVERT_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["amount", "opportunityName"], failed: t("leads.actionFailed") });
  const [converted, setConverted] = useState<Converted | null>(null);

  const submit = async ({ amount, opportunityName }: ConvertValues) => {
    formErrors.clear();
    const result = await convert({
      input: { id: lead.id, amount: String(amount), opportunityName: opportunityName?.trim() || null },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.leadConvert });
    if (!payload) return;
    setConverted({ customer: payload.customer, opportunityName: payload.opportunity?.name ?? null });
  };

  if (converted) {
    return (
      <Modal open title={t("leadConvert.title", { name: lead.name })} onCancel={onClose} footer={null} destroyOnHidden>
        <Result
          status="success"
          title={t("leadConvert.done")}
          subTitle={
            converted.opportunityName
              ? t("leadConvert.doneDetail", { customer: converted.customer?.name ?? "—", opportunity: converted.opportunityName })
              : undefined
          }
          extra={[
            converted.customer && (
              <Button
                key="customer"
                type="primary"
                href={`/customers/${converted.customer.id}`}
                onClick={(event) => {
                  // A real link (new tab works), followed inside the app.
                  event.preventDefault();
                  if (converted.customer) void navigate(`/customers/${converted.customer.id}`);
                }}
                data-testid="lead-convert-customer-link"
              >
                {t("leadConvert.openCustomer")}
              </Button>
            ),
            <Button key="close" onClick={onClose}>
              {t("common:close")}
            </Button>,
          ]}
          data-testid="lead-convert-done"
        />
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={t("leadConvert.title", { name: lead.name })}
      okText={t("leadConvert.submit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("lead-convert-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="lead-convert" />
      <Alert type="info" showIcon title={t("leadConvert.intro")} style={{ marginBottom: 16 }} />
      <Form<ConvertValues>
        form={form}
        layout="vertical"
        initialValues={{ amount: "0" }}
        onFinish={(values) => void submit(values)}
        disabled={fetching}
      >
        <Form.Item<ConvertValues>
          name="amount"
          label={t("leadConvert.amount")}
          rules={[{ required: true, message: t("leadConvert.amountRequired") }]}
        >
          <InputNumber<string>
            stringMode
            min="0"
            max={MAX_AMOUNT}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            data-testid="lead-convert-amount"
          />
        </Form.Item>
        <Form.Item<ConvertValues> name="opportunityName" label={t("leadConvert.opportunityName")}>
          <Input placeholder={lead.company ?? lead.name} maxLength={200} data-testid="lead-convert-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
