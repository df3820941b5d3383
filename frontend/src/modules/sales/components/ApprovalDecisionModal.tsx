import { Descriptions, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { useFormatters } from "../../format/hooks/useFormatters";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { APPROVAL_DECIDE_MUTATION } from "../graphql/approvalDecideMutation";
import type { InboxApproval } from "../types/InboxApproval";
import { testIdProps } from "../utils/testIdProps";

type DecisionValues = { comment?: string };

export type ApprovalDecisionResult = "approved" | "rejected" | "alreadyDecided";

type ApprovalDecisionModalProps = {
  approval: InboxApproval;
  approve: boolean;
  onClose: () => void;
  onDecided: (result: ApprovalDecisionResult) => void;
};

/** Approves or rejects one stage move, with an optional comment for the requester. */
export const ApprovalDecisionModal = ({ approval, approve, onClose, onDecided }: ApprovalDecisionModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const format = useFormatters();
  const [form] = Form.useForm<DecisionValues>();
  const [{ fetching }, decide] = useMutation(APPROVAL_DECIDE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["comment"], failed: t("approvals.failed") });

  const submit = async ({ comment }: DecisionValues) => {
    formErrors.clear();
    const result = await decide({ input: { id: approval.id, approve, comment: comment?.trim() || null } });
    if (result.data?.approvalDecide.userErrors.some((userError) => userError.code === "ALREADY_DECIDED")) {
      onDecided("alreadyDecided");
      return;
    }
    if (!formErrors.check({ error: result.error, payload: result.data?.approvalDecide })) return;
    onDecided(approve ? "approved" : "rejected");
  };

  return (
    <Modal
      open
      title={t(approve ? "approvals.approveTitle" : "approvals.rejectTitle", { name: approval.opportunity?.name ?? "—" })}
      okText={t(approve ? "approvals.approve" : "approvals.reject")}
      cancelText={t("common:cancel")}
      okButtonProps={{ danger: !approve, loading: fetching, ...testIdProps("approval-decision-submit") }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions
        column={1}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { key: "customer", label: t("approvals.customer"), children: approval.opportunity?.customer?.name ?? "—" },
          { key: "amount", label: t("approvals.amount"), children: format.money(approval.amount) },
          {
            key: "stage",
            label: t("approvals.requestedStage"),
            children: `${approval.opportunity?.stage?.name ?? "—"} → ${approval.toStage?.name ?? "—"}`,
          },
          { key: "requester", label: t("approvals.requester"), children: approval.requestedBy?.name ?? "—" },
        ]}
      />
      <FormErrorAlert error={formErrors.error} testId="approval-decision" />
      <Form<DecisionValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={fetching}>
        <Form.Item<DecisionValues>
          name="comment"
          label={t("approvals.commentLabel")}
          rules={[{ max: 1000, message: t("approvals.commentTooLong") }]}
        >
          <Input.TextArea rows={3} placeholder={t("approvals.commentPlaceholder")} data-testid="approval-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
