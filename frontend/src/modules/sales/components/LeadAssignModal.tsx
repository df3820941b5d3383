import { Alert, Form, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useLeadAssignMutation } from "../hooks/useLeadAssignMutation";
import type { ListedLead } from "../types/ListedLead";
import { testIdProps } from "../utils/testIdProps";
import { splitUserErrors } from "../utils/userErrors";
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
  const [{ fetching }, assign] = useLeadAssignMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ ownerId }: AssignValues) => {
    setFormError(null);
    const result = await assign({ input: { id: lead.id, ownerId } });
    const payload = result.data?.leadAssign;
    if (result.error || !payload) {
      setFormError(t("leads.actionFailed"));
      return;
    }
    if (payload.userErrors.length > 0) {
      const { fields, general } = splitUserErrors(payload.userErrors, ["ownerId"] as const);
      form.setFields(fields);
      if (general.length > 0) setFormError(general.join(" "));
      return;
    }
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
      {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
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
