import { Alert, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";

type SecretOnceModalProps = {
  title: string;
  secret: string;
  onClose: () => void;
  testId: string;
};

/** A secret Rapport shows exactly once (an API token, a webhook signing secret): copy it now. */
export const SecretOnceModal = ({ title, secret, onClose, testId }: SecretOnceModalProps) => {
  const { t } = useTranslation(["admin", "common"]);
  return (
    <Modal open title={title} onOk={onClose} onCancel={onClose} cancelButtonProps={{ style: { display: "none" } }} okText={t("admin:integrations.copied")}>
      <Alert type="warning" showIcon title={t("admin:integrations.secretOnce")} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable={{ text: secret }} code data-testid={testId} style={{ wordBreak: "break-all" }}>
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
};
