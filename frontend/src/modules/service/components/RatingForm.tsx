import { Alert, Button, Form, Input, Rate } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { showUserErrors, type UserErrorLike } from "../utils/userErrors";

export type RatingValues = {
  rating: number;
  comment?: string;
};

type RatingFormProps = {
  /** Sends the rating; resolves to the server's userErrors (empty when it was taken). */
  onSubmit: (values: RatingValues) => Promise<readonly UserErrorLike[]>;
  submitting: boolean;
};

/** 1-5 stars and a comment. Saying what a poor rating does before it is sent: 1-2 stars reopen the ticket. */
export const RatingForm = ({ onSubmit, submitting }: RatingFormProps) => {
  const { t } = useTranslation("portal");
  const [form] = Form.useForm<RatingValues>();
  const rating = Form.useWatch("rating", form);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: RatingValues) => {
    setFormError(null);
    const userErrors = await onSubmit({ rating: values.rating, comment: values.comment?.trim() || undefined });
    const rest = showUserErrors(form, userErrors, ["rating", "comment"]);
    if (rest.length > 0) setFormError(rest.join(" "));
  };

  return (
    <Form<RatingValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={submitting}>
      {formError && <Alert type="error" showIcon title={formError} data-testid="rating-error" style={{ marginBottom: 16 }} />}
      <Form.Item<RatingValues>
        name="rating"
        label={t("rate.stars")}
        rules={[{ required: true, message: t("rate.starsRequired") }]}
      >
        <Rate data-testid="rating-stars" />
      </Form.Item>
      {rating !== undefined && rating > 0 && rating <= 2 && (
        <Alert type="warning" showIcon title={t("rate.lowWarning")} data-testid="rating-low-warning" style={{ marginBottom: 16 }} />
      )}
      <Form.Item<RatingValues> name="comment" label={t("rate.comment")}>
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="rating-comment" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting} data-testid="rating-submit">
        {t("rate.submit")}
      </Button>
    </Form>
  );
};
