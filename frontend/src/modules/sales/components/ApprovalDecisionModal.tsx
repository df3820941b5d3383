import { Alert, Descriptions, Form, Input, Modal } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { useApprovalDecideMutation } from "../hooks/useApprovalDecideMutation";
import { useStageName } from "../hooks/useStageName";
import type { InboxApproval } from "../types/InboxApproval";
import { testIdProps } from "../utils/testIdProps";
import { splitUserErrors } from "../utils/userErrors";

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
  const stageName = useStageName();
  const [form] = Form.useForm<DecisionValues>();
  const [{ fetching }, decide] = useApprovalDecideMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ comment }: DecisionValues) => {
    setFormError(null);
    const result = await decide({ input: { id: approval.id, approve, comment: comment?.trim() || null } });
    const payload = result.data?.approvalDecide;
    if (result.error || !payload) {
      setFormError(t("approvals.failed"));
      return;
    }
    if (payload.userErrors.some((userError) => userError.code === "ALREADY_DECIDED")) {
      onDecided("alreadyDecided");
      return;
    }
    if (payload.userErrors.length > 0) {
      const { fields, general } = splitUserErrors(payload.userErrors, ["comment"] as const);
      form.setFields(fields);
      if (general.length > 0) setFormError(general.join(" "));
      return;
    }
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
            children: `${stageName(approval.opportunity?.stage)} → ${stageName(approval.toStage)}`,
          },
          { key: "requester", label: t("approvals.requester"), children: approval.requestedBy?.name ?? "—" },
        ]}
      />
      {formError && <Alert type="error" showIcon title={formError} role="alert" style={{ marginBottom: 16 }} />}
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
