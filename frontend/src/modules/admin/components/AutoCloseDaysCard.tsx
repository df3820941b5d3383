import { Button, Card, Form, InputNumber, Space, message } from "antd";
import { useTranslation } from "react-i18next";

import { useAdminAutoCloseDaysSetMutation } from "../hooks/useAdminAutoCloseDaysSetMutation";
import { applyUserErrors } from "../utils/applyUserErrors";

type AutoCloseFormValues = { days: number };

/** Days after which a resolved ticket nobody rated closes itself (1–90). */
export const AutoCloseDaysCard = ({ days, onChanged }: { days: number; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<AutoCloseFormValues>();
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, setDays] = useAdminAutoCloseDaysSetMutation();

  const submit = async ({ days: value }: AutoCloseFormValues) => {
    const result = await setDays({ days: value });
    if (result.error) {
      void messageApi.error(t("admin:errors.saveFailed"));
      return;
    }
    const userErrors = result.data?.autoCloseDaysSet.userErrors ?? [];
    if (userErrors.length > 0) {
      const rest = applyUserErrors(form, userErrors.map((e) => ({ ...e, field: "days" })), ["days"]);
      if (rest.length > 0) void messageApi.error(rest.join(" "));
      return;
    }
    void messageApi.success(t("admin:service.saved"));
    onChanged();
  };

  return (
    <Card title={t("admin:service.autoCloseTitle")}>
      {messageHolder}
      <Form<AutoCloseFormValues> form={form} layout="inline" initialValues={{ days }} key={days} onFinish={(values) => void submit(values)}>
        <Form.Item
          name="days"
          label={t("admin:service.autoCloseDays")}
          rules={[{ required: true, type: "integer", min: 1, max: 90, message: t("admin:service.autoCloseRange") }]}
        >
          <InputNumber min={1} max={90} precision={0} data-testid="auto-close-days" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={fetching} data-testid="auto-close-save">
            {t("common:save")}
          </Button>
        </Space>
      </Form>
    </Card>
  );
};
