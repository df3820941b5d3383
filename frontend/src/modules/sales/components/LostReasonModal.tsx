import { Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { splitUserErrors } from "../../graphql/errors/mutationProblem";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import type { StageMoveOutcome } from "../utils/stageMoveOutcome";
import { testIdProps } from "../utils/testIdProps";

type LostReasonValues = { lostReason: string };

type LostReasonModalProps = {
  opportunityName: string;
  stageName: string;
  onSubmit: (lostReason: string) => Promise<StageMoveOutcome>;
  onClose: () => void;
};

/** Asks why a deal was lost before it moves into a lost stage (the move is final). */
export const LostReasonModal = ({ opportunityName, stageName, onSubmit, onClose }: LostReasonModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const [form] = Form.useForm<LostReasonValues>();
  const [sending, setSending] = useState(false);
  const formErrors = useFormErrors(form, { fields: ["lostReason"], failed: t("pipeline.moveFailed") });

  const submit = async ({ lostReason }: LostReasonValues) => {
    setSending(true);
    formErrors.clear();
    const outcome = await onSubmit(lostReason.trim());
    setSending(false);
    if (outcome.kind === "refused") {
      // Only a problem with the reason keeps the dialog open; the board reports the others.
      const { fields, general } = splitUserErrors(outcome.userErrors, ["lostReason"]);
      if (fields.length > 0) {
        form.setFields(fields);
        if (general.length > 0) formErrors.show(general.join(" "));
        return;
      }
    }
    onClose();
  };

  return (
    <Modal
      open
      title={t("pipeline.lostTitle", { stage: stageName })}
      okText={t("pipeline.lostSubmit")}
      okButtonProps={{ danger: true, loading: sending, ...testIdProps("lost-reason-submit") }}
      cancelText={t("common:cancel")}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t("pipeline.lostIntro", { name: opportunityName })}</Typography.Paragraph>
      <FormErrorAlert error={formErrors.error} testId="lost-reason" />
      <Form<LostReasonValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={sending}>
        <Form.Item<LostReasonValues>
          name="lostReason"
          label={t("pipeline.lostReason")}
          rules={[{ required: true, whitespace: true, message: t("pipeline.lostReasonRequired") }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder={t("pipeline.lostReasonPlaceholder")}
            autoFocus
            data-testid="lost-reason-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};
