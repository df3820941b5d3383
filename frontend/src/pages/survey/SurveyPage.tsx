import { App, Card, Flex, Result, Typography, theme } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { useMutation, useQuery } from "urql";

import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { hasGraphqlErrorCode } from "../../modules/graphql/errors/hasGraphqlErrorCode";
import type { MutationOutcome } from "../../modules/graphql/errors/mutationProblem";
import { LanguageSwitch } from "../../modules/localization/components/LanguageSwitch";
import { RatingForm, type RatingValues } from "../../modules/service/components/RatingForm";
import { SURVEY_QUERY } from "../../modules/service/graphql/surveyQuery";
import { SURVEY_SUBMIT_MUTATION } from "../../modules/service/graphql/surveySubmitMutation";
import { PageLoading } from "../../modules/ui/components/PageLoading";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

const Survey = ({ token }: { token: string }) => {
  const { t } = useTranslation("portal");
  const format = useFormatters();
  const [{ data, error }, reexecute] = useQuery({ query: SURVEY_QUERY, variables: { token } });
  const [{ fetching }, submit] = useMutation(SURVEY_SUBMIT_MUTATION);
  const [submitted, setSubmitted] = useState<number | null>(null);

  if (submitted !== null) {
    return (
      <Result
        status="success"
        title={t("survey.thanks")}
        subTitle={submitted <= 2 ? t("survey.reopenedNote") : t("survey.closedNote")}
        data-testid="survey-thanks"
      />
    );
  }
  if (!data) {
    if (hasGraphqlErrorCode(error, "BAD_USER_INPUT")) {
      return <Result status="warning" title={t("survey.invalid")} subTitle={t("survey.invalidHint")} data-testid="survey-invalid" />;
    }
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return <PageLoading />;
  }
  const survey = data.survey;
  const about = t("survey.ticket", { number: survey.ticketNumber, subject: survey.subject });
  if (survey.answered) {
    return <Result status="success" title={t("survey.answered")} subTitle={about} data-testid="survey-answered" />;
  }
  if (survey.expired) {
    return <Result status="info" title={t("survey.expired")} subTitle={about} data-testid="survey-expired" />;
  }
  if (!survey.canRate) {
    return <Result status="info" title={t("survey.closed")} subTitle={about} data-testid="survey-closed" />;
  }

  const onSubmit = async (values: RatingValues): Promise<MutationOutcome> => {
    const result = await submit({ input: { token, rating: values.rating, comment: values.comment ?? null } });
    const payload = result.data?.surveySubmit;
    if (payload?.accepted) setSubmitted(values.rating);
    return { error: result.error, payload };
  };

  return (
    <Flex vertical gap={8} data-testid="survey-form">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t("survey.title")}
      </Typography.Title>
      <Typography.Text strong data-testid="survey-ticket">
        {about}
      </Typography.Text>
      {survey.resolvedAt && (
        <Typography.Text type="secondary">{t("survey.resolvedAt", { time: format.dateTime(survey.resolvedAt) })}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t("rate.hint")}
      </Typography.Paragraph>
      <RatingForm onSubmit={onSubmit} submitting={fetching} />
    </Flex>
  );
};

/** /survey/:token: rate a resolved ticket through the emailed link, without signing in. */
export const SurveyPage = () => {
  const { token = "" } = useParams();
  const { t } = useTranslation("portal");
  const { token: design } = theme.useToken();
  return (
    <App component={false}>
      <Flex vertical style={{ minHeight: "100vh", background: design.colorBgLayout }} data-testid="survey-page">
        <Flex justify="space-between" align="center" style={{ padding: `${design.paddingSM}px ${design.paddingLG}px` }}>
          <Typography.Text strong>{t("survey.brand")}</Typography.Text>
          <LanguageSwitch />
        </Flex>
        <Flex justify="center" style={{ flex: 1, padding: design.paddingLG }}>
          <Card style={{ width: "100%", maxWidth: 560, alignSelf: "flex-start" }}>
            <Survey token={token} />
          </Card>
        </Flex>
      </Flex>
    </App>
  );
};
