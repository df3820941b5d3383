import { App, DatePicker, Form, Input, InputNumber, Modal } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useDiscardGuard } from "../../ui/hooks/useDiscardGuard";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { MAX_AMOUNT } from "../constants/salesPageSizes";
import { OPPORTUNITY_UPDATE_MUTATION } from "../graphql/opportunityUpdateMutation";
import {
  opportunityFormValues,
  opportunityUpdateInput,
  type EditableOpportunity,
  type OpportunityFormValues,
} from "../utils/opportunityInput";
import { testIdProps } from "../utils/testIdProps";

const FIELDS = ["name", "amount", "expectedClose"] as const;

type OpportunityEditModalProps = {
  opportunity: EditableOpportunity;
  /** The deal has product lines: its amount is their total and is changed there. */
  amountFromLines: boolean;
  onClose: () => void;
  /** After a save, or to reload after a conflict. */
  onSaved: () => void;
};

/**
 * Edits an open deal's name, amount and expected close; sends what changed with the version read. A deal past
 * a gated stage cannot grow past what the gate lets through: the server says so on the amount.
 */
export const OpportunityEditModal = ({ opportunity, amountFromLines, onClose, onSaved }: OpportunityEditModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const { message } = App.useApp();
  const [form] = Form.useForm<OpportunityFormValues>();
  const [{ fetching }, update] = useMutation(OPPORTUNITY_UPDATE_MUTATION);
  const formErrors = useFormErrors(form, { fields: FIELDS, failed: t("opportunityDetail.saveFailed") });
  const initialValues = useMemo(() => opportunityFormValues(opportunity), [opportunity]);

  const submit = async (values: OpportunityFormValues) => {
    formErrors.clear();
    const input = opportunityUpdateInput(opportunity, values, { amountFromLines });
    if (!input) {
      onClose();
      return;
    }
    const result = await update({ input });
    if (!formErrors.check({ error: result.error, payload: result.data?.opportunityUpdate })) return;
    void message.success(t("opportunityDetail.saved"));
    onSaved();
    onClose();
  };

  const close = useDiscardGuard(form, onClose, { testId: "opportunity-edit-discard" });

  return (
    <Modal
      open
      title={t("opportunityDetail.editTitle")}
      okText={t("common:save")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("opportunity-edit-submit") }}
      onOk={() => form.submit()}
      onCancel={close}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="opportunity-edit" onReload={() => { onSaved(); onClose(); }} />
      <Form<OpportunityFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void submit(values)}
        onValuesChange={formErrors.clear}
        disabled={fetching}
      >
        <Form.Item<OpportunityFormValues>
          name="name"
          label={t("opportunityForm.name")}
          rules={[
            { required: true, whitespace: true, message: t("opportunityForm.nameRequired") },
            { max: 200, message: t("opportunityForm.nameTooLong") },
          ]}
        >
          <Input data-testid="opportunity-edit-name" />
        </Form.Item>
        <Form.Item<OpportunityFormValues>
          name="amount"
          label={t("opportunityForm.amount")}
          extra={amountFromLines ? t("opportunityDetail.amountFromLines") : undefined}
          rules={[{ required: true, message: t("opportunityForm.amountRequired") }]}
        >
          <InputNumber<string>
            stringMode
            min="0"
            max={MAX_AMOUNT}
            precision={2}
            prefix="¥"
            disabled={amountFromLines}
            style={{ width: "100%" }}
            data-testid="opportunity-edit-amount"
          />
        </Form.Item>
        <Form.Item<OpportunityFormValues> name="expectedClose" label={t("opportunityForm.expectedClose")}>
          <DatePicker style={{ width: "100%" }} data-testid="opportunity-edit-close" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
