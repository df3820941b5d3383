import { Alert, Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { StageMoveOutcome } from "../utils/stageMoveOutcome";
import { testIdProps } from "../utils/testIdProps";
import { splitUserErrors } from "../utils/userErrors";

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
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async ({ lostReason }: LostReasonValues) => {
    setSending(true);
    setFormError(null);
    const outcome = await onSubmit(lostReason.trim());
    setSending(false);
    if (outcome.kind === "refused") {
      const { fields, general } = splitUserErrors(outcome.userErrors, ["lostReason"] as const);
      if (fields.length > 0) {
        form.setFields(fields);
        if (general.length > 0) setFormError(general.join(" "));
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
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
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
