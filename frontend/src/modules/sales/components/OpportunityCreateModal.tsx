import { DatePicker, Form, Input, InputNumber, Modal } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { MAX_AMOUNT } from "../constants/salesPageSizes";
import { PIPELINE_OPPORTUNITY_CREATE_MUTATION } from "../graphql/pipelineOpportunityCreateMutation";
import { testIdProps } from "../utils/testIdProps";
import { CustomerPicker } from "./CustomerPicker";

type OpportunityFormValues = {
  customerId: string;
  name: string;
  amount: string;
  expectedClose?: Dayjs | null;
};

const FORM_FIELDS = ["customerId", "name", "amount", "expectedClose"] as const;

type OpportunityCreateModalProps = {
  onClose: () => void;
  onCreated: (name: string) => void;
};

/** Opens a deal with one of the viewer's customers, in the pipeline's first stage. */
export const OpportunityCreateModal = ({ onClose, onCreated }: OpportunityCreateModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const [form] = Form.useForm<OpportunityFormValues>();
  const [{ fetching }, createOpportunity] = useMutation(PIPELINE_OPPORTUNITY_CREATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FORM_FIELDS, failed: t("opportunityForm.failed") });

  const submit = async (values: OpportunityFormValues) => {
    formErrors.clear();
    const result = await createOpportunity({
      input: {
        customerId: values.customerId,
        name: values.name.trim(),
        amount: String(values.amount),
        expectedClose: values.expectedClose ? values.expectedClose.format("YYYY-MM-DD") : null,
      },
    });
    const payload = formErrors.check({ error: result.error, payload: result.data?.opportunityCreate });
    if (!payload) return;
    onCreated(payload.opportunity?.name ?? values.name);
  };

  return (
    <Modal
      open
      title={t("opportunityForm.title")}
      okText={t("opportunityForm.submit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("opportunity-create-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="opportunity-create" />
      <Form<OpportunityFormValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
      >
        <Form.Item<OpportunityFormValues>
          name="customerId"
          label={t("opportunityForm.customer")}
          rules={[{ required: true, message: t("opportunityForm.customerRequired") }]}
        >
          <CustomerPicker data-testid="opportunity-customer-picker" />
        </Form.Item>
        <Form.Item<OpportunityFormValues>
          name="name"
          label={t("opportunityForm.name")}
          rules={[
            { required: true, whitespace: true, message: t("opportunityForm.nameRequired") },
            { max: 200, message: t("opportunityForm.nameTooLong") },
          ]}
        >
          <Input placeholder={t("opportunityForm.namePlaceholder")} data-testid="opportunity-name-input" />
        </Form.Item>
        <Form.Item<OpportunityFormValues>
          name="amount"
          label={t("opportunityForm.amount")}
          rules={[{ required: true, message: t("opportunityForm.amountRequired") }]}
        >
          <InputNumber<string>
            stringMode
            min="0"
            max={MAX_AMOUNT}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            data-testid="opportunity-amount-input"
          />
        </Form.Item>
        <Form.Item<OpportunityFormValues> name="expectedClose" label={t("opportunityForm.expectedClose")}>
          <DatePicker style={{ width: "100%" }} data-testid="opportunity-expected-close-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
