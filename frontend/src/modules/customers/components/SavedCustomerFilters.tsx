import { DeleteOutlined, FilterOutlined, LinkOutlined, SaveOutlined } from "@ant-design/icons";
import { App, Button, Dropdown, Empty, Form, Input, Modal, Popconfirm, Space, type ButtonProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCurrentViewer } from "../../auth/hooks/useCurrentViewer";
import { useSavedCustomerFilters } from "../hooks/useSavedCustomerFilters";

type SavedCustomerFiltersProps = {
  /** The current list query (without the page cursor). */
  query: string;
  onApply: (query: string) => void;
};

type SaveValues = { name: string };

const OK_BUTTON_PROPS: ButtonProps & { "data-testid": string } = { "data-testid": "save-filter-submit" };

/** Save the current filter under a name (in this browser), reapply or delete one, copy the list's link. */
export const SavedCustomerFilters = ({ query, onApply }: SavedCustomerFiltersProps) => {
  const { t } = useTranslation("customers");
  const viewer = useCurrentViewer();
  const { message } = App.useApp();
  const { filters, save, remove } = useSavedCustomerFilters(viewer.id);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<SaveValues>();

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      void message.success(t("saved.linkCopied"));
    } catch {
      void message.warning(t("saved.copyFailed"));
    }
  };

  const items =
    filters.length > 0
      ? filters.map((filter) => ({
          key: filter.name,
          label: (
            <Space style={{ width: "100%", justifyContent: "space-between" }}>
              <span data-testid="saved-filter">{filter.name}</span>
              <Popconfirm
                title={t("saved.deleteConfirm", { name: filter.name })}
                onConfirm={(event) => {
                  event?.stopPropagation();
                  remove(filter.name);
                }}
                onCancel={(event) => event?.stopPropagation()}
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("saved.delete")}
                  onClick={(event) => event.stopPropagation()}
                  data-testid="saved-filter-delete"
                />
              </Popconfirm>
            </Space>
          ),
        }))
      : [{ key: "none", disabled: true, label: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("saved.none")} /> }];

  return (
    <Space wrap>
      <Dropdown
        trigger={["click"]}
        menu={{
          items,
          onClick: ({ key }) => {
            const filter = filters.find((candidate) => candidate.name === key);
            if (filter) onApply(filter.query);
          },
        }}
      >
        <Button icon={<FilterOutlined />} data-testid="saved-filters">
          {t("saved.title")}
        </Button>
      </Dropdown>
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="save-filter">
        {t("saved.save")}
      </Button>
      <Button icon={<LinkOutlined />} onClick={() => void copyLink()} data-testid="copy-filter-link">
        {t("saved.copyLink")}
      </Button>
      <Modal
        open={saving}
        title={t("saved.modalTitle")}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        okButtonProps={OK_BUTTON_PROPS}
        destroyOnHidden
        forceRender
      >
        <Form<SaveValues>
          form={form}
          layout="vertical"
          onFinish={(values) => {
            save(values.name.trim(), query);
            void message.success(t("saved.savedMessage", { name: values.name.trim() }));
            form.resetFields();
            setSaving(false);
          }}
        >
          <Form.Item<SaveValues>
            name="name"
            label={t("saved.name")}
            rules={[{ required: true, whitespace: true, message: t("saved.nameRequired") }]}
          >
            <Input placeholder={t("saved.namePlaceholder")} maxLength={60} data-testid="save-filter-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
};
