import { App, Button, Flex, Form, Input, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { TICKET_COMMENT_MUTATION } from "../graphql/ticketCommentMutation";

type ReplyValues = {
  body: string;
  internal: boolean;
};

/** `public` is the input's name for what the form asks as "internal note". */
const replyFieldOf = (path: readonly string[]): keyof ReplyValues | null =>
  path[0] === "body" ? "body" : path[0] === "public" ? "internal" : null;

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
  const [{ fetching }, comment] = useMutation(TICKET_COMMENT_MUTATION);
  const formErrors = useFormErrors(form, { fields: replyFieldOf, failed: t("actions.failed") });

  const submit = async (values: ReplyValues) => {
    formErrors.clear();
    const isInternal = allowInternal && values.internal;
    const result = await comment({ input: { id: ticketId, body: values.body.trim(), public: !isInternal } });
    if (!formErrors.check({ error: result.error, payload: result.data?.ticketComment })) return;
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
      <FormErrorAlert error={formErrors.error} testId="reply" style={{ marginBottom: 12 }} />
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
