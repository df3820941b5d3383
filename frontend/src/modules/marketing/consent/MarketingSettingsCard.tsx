import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Skeleton, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import type { MarketingSettingsQuery } from "../../../generated/graphql";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { MARKETING_SETTINGS_QUERY } from "./marketingSettingsQuery";
import { MARKETING_SETTINGS_SET_MUTATION } from "./marketingSettingsSetMutation";

type Settings = MarketingSettingsQuery["marketingSettings"];
type Values = {
  frequencyCapCount: number;
  frequencyCapDays: number;
  approvalThreshold: number;
  noQuietHours: boolean;
  quietStart?: string | null;
  quietEnd?: string | null;
  timeZone: string;
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const SettingsForm = ({ settings }: { settings: Settings }) => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const [form] = Form.useForm<Values>();
  const [{ fetching }, set] = useMutation(MARKETING_SETTINGS_SET_MUTATION);
  // the version the next save names (CONFLICT when someone saved in between)
  const [version, setVersion] = useState(settings.version);
  const errors = useFormErrors(form, {
    fields: ["frequencyCapCount", "frequencyCapDays", "approvalThreshold", "quietStart", "quietEnd", "timeZone"],
    failed: t("common.failed"),
  });
  const [messageApi, holder] = message.useMessage();
  const noQuiet = Form.useWatch("noQuietHours", form);
  const submit = async (values: Values) => {
    errors.clear();
    const result = await set({
      input: {
        version,
        frequencyCapCount: values.frequencyCapCount,
        frequencyCapDays: values.frequencyCapDays,
        approvalThreshold: values.approvalThreshold,
        noQuietHours: values.noQuietHours,
        quietStart: values.noQuietHours ? null : values.quietStart,
        quietEnd: values.noQuietHours ? null : values.quietEnd,
        timeZone: values.timeZone.trim(),
      },
    });
    const saved = result.data?.marketingSettingsSet?.settings;
    if (saved) setVersion(saved.version);
    if (errors.check({ error: result.error, payload: result.data?.marketingSettingsSet })) void messageApi.success(t("consent.settingsSaved"));
  };
  const time = { pattern: HHMM, message: t("consent.timeFormat") };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      disabled={!permissions.canMutate("marketingSettingsSet")}
      initialValues={{ ...settings, noQuietHours: !settings.quietStart }}
    >
      {holder}
      <FormErrorAlert error={errors.error} testId="marketing-settings" />
      <Row gutter={16}>
        <Col xs={12} md={8}>
          <Form.Item name="frequencyCapCount" label={t("consent.capCount")} extra={t("consent.capHint")}>
            <InputNumber min={0} max={1000} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={8}>
          <Form.Item name="frequencyCapDays" label={t("consent.capDays")}>
            <InputNumber min={1} max={365} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="approvalThreshold" label={t("consent.approvalThreshold")}>
            <InputNumber min={0} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="noQuietHours" valuePropName="checked" label={t("consent.quietHours")}>
            <Checkbox>{t("consent.noQuietHours")}</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="quietStart" label={t("consent.quietStart")} rules={noQuiet ? [] : [{ required: true }, time]}>
            <Input placeholder="21:00" disabled={noQuiet} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="quietEnd" label={t("consent.quietEnd")} rules={noQuiet ? [] : [{ required: true }, time]}>
            <Input placeholder="08:00" disabled={noQuiet} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name="timeZone" label={t("consent.timeZone")} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={fetching}>
        {t("common.save")}
      </Button>
    </Form>
  );
};

/** The marketing settings (frequency cap, quiet hours, approval threshold): marketing managers and administrators. */
export const MarketingSettingsCard = () => {
  const { t } = useTranslation("marketing");
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MARKETING_SETTINGS_QUERY });
  return (
    <Card size="small" title={t("consent.settings")} data-testid="marketing-settings">
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : fetching && !data ? (
        <Skeleton active />
      ) : data ? (
        <SettingsForm settings={data.marketingSettings} />
      ) : null}
    </Card>
  );
};
