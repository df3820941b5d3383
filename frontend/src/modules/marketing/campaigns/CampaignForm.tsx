import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Tabs, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { CampaignDetailQuery } from "../../../generated/graphql";
import { mutationProblem } from "../../graphql/errors/mutationProblem";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import type { FormError } from "../../ui/hooks/useFormErrors";
import { SegmentMemberCount } from "../segments/SegmentMemberCount";
import { SEGMENT_LIST_QUERY } from "../segments/segmentListQuery";
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_LOCALES,
  campaignFieldErrors,
  campaignSaveInput,
  contentsOf,
  type CampaignFormValues,
} from "./campaignForm";
import { CAMPAIGN_SAVE_MUTATION } from "./campaignSaveMutation";

type Campaign = NonNullable<CampaignDetailQuery["campaign"]>;

const initialValues = (campaign: Campaign | null): CampaignFormValues => {
  const contents: CampaignFormValues["contents"] = {};
  for (const content of campaign?.contents ?? []) {
    contents[content.channel] = { ...contents[content.channel], [content.locale]: { subject: content.subject, body: content.body } };
  }
  return {
    name: campaign?.name ?? "",
    goal: campaign?.goal ?? null,
    channels: campaign?.channels ?? ["EMAIL"],
    budget: campaign?.budget ?? null,
    segmentId: campaign?.segmentId ?? null,
    contents,
  };
};

type CampaignFormProps = {
  campaign: Campaign | null;
  onSaved: (id: string) => void;
  onReload?: () => void;
  /** Told true on the first edit and false once saved: the page keeps send / schedule off while edits are unsaved. */
  onDirtyChange?: (dirty: boolean) => void;
};

/** A draft campaign: name, goal, channels, budget, audience, and the message per channel and language. */
export const CampaignForm = ({ campaign, onSaved, onReload, onDirtyChange }: CampaignFormProps) => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const [form] = Form.useForm<CampaignFormValues>();
  const [error, setError] = useState<FormError | null>(null);
  const [{ fetching }, save] = useMutation(CAMPAIGN_SAVE_MUTATION);
  const [segmentSearch, setSegmentSearch] = useState("");
  const [segments] = useQuery({
    query: SEGMENT_LIST_QUERY,
    variables: { first: 50, filter: segmentSearch ? { search: segmentSearch } : null, withOwner: false },
    pause: !permissions.canQuery("segments"),
  });
  const channels = Form.useWatch("channels", form) ?? initialValues(campaign).channels;
  const segmentId = Form.useWatch("segmentId", form) as string | null | undefined;

  const submit = async (values: CampaignFormValues) => {
    setError(null);
    const input = campaignSaveInput(values, campaign?.id ?? null, campaign?.version ?? null);
    const result = await save({ input });
    const problem = mutationProblem({ error: result.error, payload: result.data?.campaignSave });
    if (problem?.kind === "conflict") return setError({ kind: "conflict" });
    if (problem?.kind === "forbidden") return setError({ kind: "message", text: t("common.forbidden") });
    if (problem?.kind === "failed") return setError({ kind: "message", text: problem.message ?? t("common.failed") });
    if (problem?.kind === "userErrors") {
      const split = campaignFieldErrors(problem.userErrors, contentsOf(values));
      form.setFields(split.fields.map(({ name, errors }) => ({ name: name as never, errors })));
      if (split.general.length > 0) setError({ kind: "message", text: split.general.join(" ") });
      return;
    }
    const saved = result.data?.campaignSave.campaign;
    if (!saved) return;
    onDirtyChange?.(false);
    onSaved(saved.id);
  };

  return (
    <Card size="small" title={campaign ? t("campaigns.editDraft") : t("campaigns.new")}>
      <FormErrorAlert error={error} onReload={onReload} testId="campaign-form" />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues(campaign)} onValuesChange={() => onDirtyChange?.(true)}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t("campaigns.field.name")} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input data-testid="campaign-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="goal" label={t("campaigns.field.goal")}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="channels" label={t("campaigns.field.channels")} rules={[{ required: true, type: "array", min: 1 }]}>
              <Checkbox.Group options={CAMPAIGN_CHANNELS.map((channel) => ({ value: channel, label: t(`campaigns.channel.${channel}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="budget" label={t("campaigns.field.budget")}>
              <InputNumber min={0} precision={2} style={{ width: "100%" }} stringMode />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="segmentId"
              label={t("campaigns.field.segment")}
              extra={segmentId ? <span data-testid="campaign-segment-size">{t("campaigns.segmentSize")} <SegmentMemberCount id={segmentId} /></span> : undefined}
            >
              <Select
                showSearch
                allowClear
                filterOption={false}
                onSearch={setSegmentSearch}
                loading={segments.fetching}
                data-testid="campaign-segment"
                placeholder={t("campaigns.segmentPlaceholder")}
                options={segments.data?.segments.nodes.map((segment) => ({
                  value: segment.id,
                  label: segment.name,
                }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">{t("campaigns.mergeHint", { contactField: "{{contact.name}}", customerField: "{{customer.name}}" })}</Typography.Paragraph>
        {channels.length === 0 && <Alert type="info" title={t("campaigns.pickChannel")} />}
        <Tabs
          items={channels.map((channel) => ({
            key: channel,
            label: t(`campaigns.channel.${channel}`),
            children: (
              <Row gutter={16}>
                {CAMPAIGN_LOCALES.map((locale) => (
                  <Col xs={24} md={12} key={locale}>
                    <Typography.Title level={5}>{t(`campaigns.locale.${locale}`)}</Typography.Title>
                    {channel === "EMAIL" && (
                      <Form.Item name={["contents", channel, locale, "subject"]} label={t("campaigns.field.subject")}>
                        <Input data-testid={`campaign-subject-${channel}-${locale}`} />
                      </Form.Item>
                    )}
                    <Form.Item name={["contents", channel, locale, "body"]} label={t("campaigns.field.body")}>
                      <Input.TextArea
                        autoSize={{ minRows: 3, maxRows: 10 }}
                        data-testid={`campaign-body-${channel}-${locale}`}
                        placeholder="{{contact.name}} {{customer.name}}"
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            ),
          }))}
        />
        <Button type="primary" htmlType="submit" loading={fetching} data-testid="campaign-save">
          {t("common.save")}
        </Button>
      </Form>
    </Card>
  );
};
