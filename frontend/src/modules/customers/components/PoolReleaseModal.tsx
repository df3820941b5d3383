import { Alert, App, Form, Input, Modal, Typography, type ButtonProps } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { CUSTOMER_360_POOL_RELEASE_MUTATION } from "../graphql/customer360PoolReleaseMutation";

type PoolReleaseValues = { reason: string };

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "release-submit", danger: true };

type PoolReleaseModalProps = {
  customerId: string;
  customerName: string;
  onClose: () => void;
  onReleased: () => void;
};

/**
 * Gives a customer back to the public pool: the reason is required (it shows in the customer's timeline), and
 * the dialog says what follows (the customer leaves the rep's list; they cannot claim it back for a while).
 */
export const PoolReleaseModal = ({ customerId, customerName, onClose, onReleased }: PoolReleaseModalProps) => {
  const { t } = useTranslation("customers");
  const { message } = App.useApp();
  const [form] = Form.useForm<PoolReleaseValues>();
  const [{ fetching }, release] = useMutation(CUSTOMER_360_POOL_RELEASE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["reason"], failed: t("release.failed") });

  const submit = async ({ reason }: PoolReleaseValues) => {
    formErrors.clear();
    const result = await release({ input: { customerId, reason: reason.trim() } });
    const payload = formErrors.check({ error: result.error, payload: result.data?.poolRelease });
    if (!payload?.released) return;
    void message.success(t("release.done", { name: customerName }));
    onClose();
    onReleased();
  };

  return (
    <Modal
      open
      title={t("release.title", { name: customerName })}
      okText={t("release.submit")}
      cancelText={t("release.cancel")}
      okButtonProps={{ ...OK_BUTTON_PROPS, loading: fetching }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t("release.warning")} style={{ marginBottom: 16 }} />
      <FormErrorAlert error={formErrors.error} testId="release" />
      <Form<PoolReleaseValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={fetching}>
        <Form.Item<PoolReleaseValues>
          name="reason"
          label={t("release.reason")}
          rules={[{ required: true, whitespace: true, message: t("release.reasonRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={500} autoFocus placeholder={t("release.reasonPlaceholder")} data-testid="release-reason" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t("release.timeline")}</Typography.Text>
    </Modal>
  );
};
