import { Button, Card, Form, InputNumber, Space, message } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { ADMIN_AUTO_CLOSE_DAYS_SET_MUTATION } from "../graphql/adminAutoCloseDaysSetMutation";

type AutoCloseFormValues = { days: number };

/** Every error about the setting belongs on its one field. */
const daysField = (): keyof AutoCloseFormValues => "days";

/** Days after which a resolved ticket nobody rated closes itself (1–90). */
export const AutoCloseDaysCard = ({ days, onChanged }: { days: number; onChanged: () => void }) => {
  const { t } = useTranslation(["admin", "common"]);
  const [form] = Form.useForm<AutoCloseFormValues>();
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, setDays] = useMutation(ADMIN_AUTO_CLOSE_DAYS_SET_MUTATION);
  const formErrors = useFormErrors(form, { fields: daysField, failed: t("admin:errors.saveFailed") });

  const submit = async ({ days: value }: AutoCloseFormValues) => {
    formErrors.clear();
    const result = await setDays({ days: value });
    if (!formErrors.check({ error: result.error, payload: result.data?.autoCloseDaysSet })) return;
    void messageApi.success(t("admin:service.saved"));
    onChanged();
  };

  return (
    <Card title={t("admin:service.autoCloseTitle")}>
      {messageHolder}
      <FormErrorAlert error={formErrors.error} onReload={onChanged} testId="auto-close" />
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
