import { Form, Modal, Select, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useRoleLabel } from "../../auth/hooks/useRoleLabel";
import { ROLE_NAMES } from "../../auth/utils/roleNames";

/** Staff roles a layout may be published to. */
const STAFF_ROLES = ROLE_NAMES.filter((role) => role !== "customer" && role !== "anonymous");

type PublishLayoutModalProps = {
  open: boolean;
  publishing: boolean;
  onPublish: (role: string) => void;
  onClose: () => void;
};

/** An administrator publishes the layout being arranged to a role. */
export const PublishLayoutModal = ({ open, publishing, onPublish, onClose }: PublishLayoutModalProps) => {
  const { t } = useTranslation("dashboards");
  const roleLabel = useRoleLabel();
  const [role, setRole] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t("layouts.publishTitle")}
      okText={t("layouts.publishOk")}
      cancelText={t("layouts.cancel")}
      confirmLoading={publishing}
      okButtonProps={{ disabled: !role, "data-testid": "publish-ok" }}
      onOk={() => role && onPublish(role)}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t("layouts.publishHint")}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t("layouts.publishRole")}>
          <Select
            data-testid="publish-role"
            value={role}
            onChange={setRole}
            options={STAFF_ROLES.map((name) => ({ value: name, label: roleLabel(name) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};
