import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { Button, Form, Input } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { hasGraphqlErrorCode } from "../../graphql/errors/hasGraphqlErrorCode";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { LOGIN_MUTATION } from "../graphql/loginMutation";

type LoginFormValues = {
  email: string;
  password: string;
};

const LOGIN_FIELDS = ["email", "password"] as const;

type LoginFormProps = {
  onSignedIn: () => void;
};

/** Email + password sign-in; server userErrors land on their field, others above the form. */
export const LoginForm = ({ onSignedIn }: LoginFormProps) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginFormValues>();
  const [{ fetching }, login] = useMutation(LOGIN_MUTATION);
  const formErrors = useFormErrors(form, { fields: LOGIN_FIELDS, failed: t("login.failed") });

  const submit = async (values: LoginFormValues) => {
    formErrors.clear();
    const result = await login({ input: { email: values.email.trim(), password: values.password } });

    // Signing in says more than other forms when the request fails: too many attempts, or no server at all.
    if (hasGraphqlErrorCode(result.error, "RATE_LIMITED")) formErrors.show(t("login.rateLimited"));
    else if (result.error?.networkError) formErrors.show(t("status.serverUnreachableTitle"));
    else {
      const payload = formErrors.check({ error: result.error, payload: result.data?.login });
      if (payload?.viewer) onSignedIn();
      else if (payload) formErrors.show(t("login.failed"));
    }
  };

  return (
    <Form<LoginFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void submit(values)}
      onValuesChange={formErrors.clear}
      disabled={fetching}
      size="large"
    >
      <FormErrorAlert error={formErrors.error} testId="login" style={{ marginBottom: 24 }} />
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
