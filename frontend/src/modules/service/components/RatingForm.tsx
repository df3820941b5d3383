import { Alert, Button, Form, Input, Rate } from "antd";
import { useTranslation } from "react-i18next";

import type { MutationOutcome } from "../../graphql/errors/mutationProblem";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";

export type RatingValues = {
  rating: number;
  comment?: string;
};

type RatingFormProps = {
  /** Sends the rating; resolves to what the mutation answered. */
  onSubmit: (values: RatingValues) => Promise<MutationOutcome>;
  submitting: boolean;
};

/** 1-5 stars and a comment. Saying what a poor rating does before it is sent: 1-2 stars reopen the ticket. */
export const RatingForm = ({ onSubmit, submitting }: RatingFormProps) => {
  const { t } = useTranslation("portal");
  const [form] = Form.useForm<RatingValues>();
  const rating = Form.useWatch("rating", form);
  const formErrors = useFormErrors(form, { fields: ["rating", "comment"], failed: t("rate.failed") });

  const submit = async (values: RatingValues) => {
    formErrors.clear();
    formErrors.check(await onSubmit({ rating: values.rating, comment: values.comment?.trim() || undefined }));
  };

  return (
    <Form<RatingValues> form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={submitting}>
      <FormErrorAlert error={formErrors.error} testId="rating" />
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
