import { Form, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { LEAD_ASSIGN_MUTATION } from "../graphql/leadAssignMutation";
import type { ListedLead } from "../types/ListedLead";
import { testIdProps } from "../utils/testIdProps";
import { SalesForceSelect } from "./SalesForceSelect";

type AssignValues = { ownerId: string };

type LeadAssignModalProps = {
  lead: ListedLead;
  onClose: () => void;
  onAssigned: (ownerName: string) => void;
};

/** Gives a lead to another member of the sales force (they are notified). */
export const LeadAssignModal = ({ lead, onClose, onAssigned }: LeadAssignModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const [form] = Form.useForm<AssignValues>();
  const [{ fetching }, assign] = useMutation(LEAD_ASSIGN_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["ownerId"], failed: t("leads.actionFailed") });

  const submit = async ({ ownerId }: AssignValues) => {
    formErrors.clear();
    const result = await assign({ input: { id: lead.id, ownerId } });
    const payload = formErrors.check({ error: result.error, payload: result.data?.leadAssign });
    if (!payload) return;
    onAssigned(payload.lead?.owner?.name ?? "");
  };

  return (
    <Modal
      open
      title={t("leadAssign.title", { name: lead.name })}
      okText={t("leadAssign.submit")}
      cancelText={t("common:cancel")}
      okButtonProps={{ loading: fetching, ...testIdProps("lead-assign-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <FormErrorAlert error={formErrors.error} testId="lead-assign" />
      <Form<AssignValues>
        form={form}
        layout="vertical"
        initialValues={{ ownerId: lead.owner?.id }}
        onFinish={(values) => void submit(values)}
        disabled={fetching}
      >
        <Form.Item<AssignValues>
          name="ownerId"
          label={t("leadField.ownerId")}
          rules={[{ required: true, message: t("leadAssign.ownerRequired") }]}
        >
          <SalesForceSelect data-testid="lead-assign-owner" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
