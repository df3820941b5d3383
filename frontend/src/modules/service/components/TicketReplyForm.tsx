import { Alert, App, Button, Flex, Form, Input, Switch } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useTicketCommentMutation } from "../hooks/useTicketCommentMutation";
import { showUserErrors } from "../utils/userErrors";

type ReplyValues = {
  body: string;
  internal: boolean;
};

type TicketReplyFormProps = {
  ticketId: string;
  /** Offer the "internal note" switch (staff who may write notes). */
  allowInternal: boolean;
  placeholder?: string;
};

/** A public reply or, switched to "internal note", a note customers never see (`ticketComment`). */
export const TicketReplyForm = ({ ticketId, allowInternal, placeholder }: TicketReplyFormProps) => {
  const { t } = useTranslation("service");
  const { message } = App.useApp();
  const [form] = Form.useForm<ReplyValues>();
  const internal = Form.useWatch("internal", form) ?? false;
  const [{ fetching }, comment] = useTicketCommentMutation();
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: ReplyValues) => {
    setFormError(null);
    const isInternal = allowInternal && values.internal;
    const result = await comment({ input: { id: ticketId, body: values.body.trim(), public: !isInternal } });
    const payload = result.data?.ticketComment;
    if (result.error || !payload) {
      setFormError(t("actions.failed"));
      return;
    }
    if (payload.userErrors.length > 0) {
      const rest = showUserErrors(
        form,
        payload.userErrors.map((userError) => ({ ...userError, field: userError.field === "public" ? "internal" : userError.field })),
        ["body", "internal"],
      );
      if (rest.length > 0) setFormError(rest.join(" "));
      return;
    }
    form.setFieldsValue({ body: "" });
    void message.success(t(isInternal ? "reply.noteSaved" : "reply.sent"));
  };

  return (
    <Form<ReplyValues>
      form={form}
      initialValues={{ body: "", internal: false }}
      onFinish={(values) => void submit(values)}
      disabled={fetching}
      data-testid="reply-form"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="reply-error" />}
      <Form.Item<ReplyValues>
        name="body"
        rules={[{ required: true, whitespace: true, message: t("reply.required") }]}
        style={{ marginBottom: 12 }}
      >
        <Input.TextArea
          rows={4}
          maxLength={5000}
          placeholder={internal ? t("reply.notePlaceholder") : (placeholder ?? t("reply.placeholder"))}
          data-testid="reply-body"
          style={internal ? { background: "var(--ant-color-warning-bg)" } : undefined}
        />
      </Form.Item>
      <Flex justify="space-between" align="center">
        {allowInternal ? (
          <Form.Item<ReplyValues> name="internal" valuePropName="checked" label={t("reply.internalToggle")} style={{ marginBottom: 0 }}>
            <Switch data-testid="reply-internal" />
          </Form.Item>
        ) : (
          <span />
        )}
        <Button type="primary" htmlType="submit" loading={fetching} data-testid="reply-submit">
          {t(internal ? "reply.sendNote" : "reply.send")}
        </Button>
      </Flex>
    </Form>
  );
};
