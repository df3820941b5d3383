import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import { useLoginMutation } from "../hooks/useLoginMutation";

type LoginFormValues = {
  email: string;
  password: string;
};

type LoginField = keyof LoginFormValues;

const LOGIN_FIELDS: readonly LoginField[] = ["email", "password"];

/** "input.email" or "email" → "email"; null for errors about no single field. */
const loginFieldOf = (path: string | null): LoginField | null => {
  const name = path?.split(".").pop();
  return LOGIN_FIELDS.find((field) => field === name) ?? null;
};

type LoginFormProps = {
  onSignedIn: () => void;
};

/** Email + password sign-in; server userErrors land on their field, others above the form. */
export const LoginForm = ({ onSignedIn }: LoginFormProps) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginFormValues>();
  const [{ fetching }, login] = useLoginMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: LoginFormValues) => {
    setFormError(null);
    const result = await login({ input: { email: values.email.trim(), password: values.password } });

    if (result.error) {
      if (hasGraphqlErrorCode(result.error, "RATE_LIMITED")) setFormError(t("login.rateLimited"));
      else if (result.error.networkError) setFormError(t("status.serverUnreachableTitle"));
      else setFormError(t("login.failed"));
      return;
    }

    const payload = result.data?.login;
    if (!payload) {
      setFormError(t("login.failed"));
      return;
    }
    if (payload.userErrors.length > 0) {
      const fieldMessages = new Map<LoginField, string[]>();
      const formMessages: string[] = [];
      for (const userError of payload.userErrors) {
        const field = loginFieldOf(userError.field);
        if (field) fieldMessages.set(field, [...(fieldMessages.get(field) ?? []), userError.message]);
        else formMessages.push(userError.message);
      }
      form.setFields([...fieldMessages].map(([name, errors]) => ({ name, errors })));
      if (formMessages.length > 0) setFormError(formMessages.join(" "));
      return;
    }
    if (payload.viewer) onSignedIn();
    else setFormError(t("login.failed"));
  };

  return (
    <Form<LoginFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void submit(values)}
      onValuesChange={() => setFormError(null)}
      disabled={fetching}
      size="large"
    >
      {formError && (
        <Alert type="error" title={formError} showIcon role="alert" data-testid="login-error" style={{ marginBottom: 24 }} />
      )}
      <Form.Item<LoginFormValues>
        name="email"
        label={t("login.email")}
        rules={[
          { required: true, message: t("login.emailRequired") },
          { type: "email", message: t("login.emailInvalid") },
        ]}
      >
        <Input
          prefix={<MailOutlined />}
          placeholder={t("login.emailPlaceholder")}
          autoComplete="username"
          type="email"
          data-testid="login-email"
        />
      </Form.Item>
      <Form.Item<LoginFormValues>
        name="password"
        label={t("login.password")}
        rules={[{ required: true, message: t("login.passwordRequired") }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" block loading={fetching} data-testid="login-submit">
          {t("login.submit")}
        </Button>
      </Form.Item>
    </Form>
  );
};
