import { AppstoreAddOutlined, EditOutlined, SendOutlined, UndoOutlined } from "@ant-design/icons";
import { Button, Flex, Popconfirm, Tag } from "antd";
import { useTranslation } from "react-i18next";

import type { DashboardLayoutSource } from "../../../generated/graphql";
import { useRoleLabel } from "../../auth/hooks/useRoleLabel";

type LayoutToolbarProps = {
  source: DashboardLayoutSource;
  role: string | null;
  editing: boolean;
  saving: boolean;
  isAdmin: boolean;
  onCustomize: () => void;
  onAdd: () => void;
  onSave: () => void;
  onCancel: () => void;
  onReset: () => void;
  onPublish: () => void;
};

/** Which layout is in force, and the customize mode's buttons. */
export const LayoutToolbar = ({ source, role, editing, saving, isAdmin, onCustomize, onAdd, onSave, onCancel, onReset, onPublish }: LayoutToolbarProps) => {
  const { t } = useTranslation("dashboards");
  const roleLabel = useRoleLabel();
  const color = source === "OWN" ? "blue" : source === "ROLE" ? "purple" : "default";
  return (
    <Flex gap={8} wrap align="center" data-testid="layout-toolbar">
      <Tag color={color} data-testid="layout-source" data-source={source}>
        {t(`layouts.source.${source}`, { role: role ? roleLabel(role) : "" })}
      </Tag>
      {editing ? (
        <>
          <Button icon={<AppstoreAddOutlined />} onClick={onAdd} data-testid="layout-add">
            {t("layouts.addWidget")}
          </Button>
          {source === "OWN" && (
            <Popconfirm
              title={t("layouts.resetConfirm")}
              okText={t("layouts.resetOk")}
              cancelText={t("layouts.cancel")}
              onConfirm={onReset}
              okButtonProps={{ "data-testid": "layout-reset-confirm" }}
            >
              <Button icon={<UndoOutlined />} data-testid="layout-reset">
                {t("layouts.reset")}
              </Button>
            </Popconfirm>
          )}
          {isAdmin && (
            <Button icon={<SendOutlined />} onClick={onPublish} data-testid="layout-publish">
              {t("layouts.publish")}
            </Button>
          )}
          <Button onClick={onCancel} data-testid="layout-cancel">
            {t("layouts.cancel")}
          </Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid="layout-save">
            {t("layouts.save")}
          </Button>
        </>
      ) : (
        <Button icon={<EditOutlined />} onClick={onCustomize} data-testid="layout-customize">
          {t("layouts.customize")}
        </Button>
      )}
    </Flex>
  );
};
