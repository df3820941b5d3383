import { Alert, Button, Card, Col, Flex, Form, Input, List, Modal, Row, Select, Space, Statistic, Tag, Typography, message } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";

import type { SegmentDetailQuery } from "../../../generated/graphql";
import { userErrorPath } from "../../graphql/errors/mutationProblem";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors, useMutationErrorText } from "../../ui/hooks/useFormErrors";
import { RuleBuilder } from "./RuleBuilder";
import { cleanRules, readRules, rulePathOf, type RuleGroup } from "./ruleTree";
import { SEGMENT_DELETE_MUTATION } from "./segmentDeleteMutation";
import { SegmentFreezeModal } from "./SegmentFreezeModal";
import { SegmentMemberCount } from "./SegmentMemberCount";
import { SegmentMembers } from "./SegmentMembers";
import { SEGMENT_PRESETS_QUERY } from "./segmentPresetsQuery";
import { SEGMENT_SAVE_MUTATION } from "./segmentSaveMutation";
import { useSegmentPreview } from "./useSegmentPreview";

type Segment = NonNullable<SegmentDetailQuery["segment"]>;
type Values = { name: string; description?: string };

/** The form field a segmentSave userError belongs on; errors inside `rules` are shown on the rule builder. */
export const segmentFormField = (path: readonly string[]): keyof Values | null =>
  path[0] === "name" ? "name" : path[0] === "description" ? "description" : null;

type SegmentEditorProps = {
  segment: Segment | null;
  onReload: () => void;
};

/** Creates or edits a segment: name, rules (from a preset or by hand) with a live count, save, freeze, delete. */
export const SegmentEditor = ({ segment, onReload }: SegmentEditorProps) => {
  const { t } = useTranslation("marketing");
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [rules, setRules] = useState<RuleGroup>(() => readRules(segment?.rules));
  const [preset, setPreset] = useState<string | null>(segment?.preset ?? null);
  const [ruleError, setRuleError] = useState<{ path: number[] | null; text: string } | null>(null);
  const [freezing, setFreezing] = useState(false);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);
  const [{ fetching: saving }, save] = useMutation(SEGMENT_SAVE_MUTATION);
  const [, remove] = useMutation(SEGMENT_DELETE_MUTATION);
  const errors = useFormErrors(form, { fields: segmentFormField, failed: t("common.failed") });
  const errorText = useMutationErrorText();
  const [messageApi, messageHolder] = message.useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const frozen = segment?.kind === "STATIC";
  const canSave = permissions.canMutate("segmentSave") && !frozen;
  const [presets] = useQuery({ query: SEGMENT_PRESETS_QUERY, pause: !!segment || !permissions.canQuery("segmentPresets") });
  const preview = useSegmentPreview(rules, permissions.canQuery("segmentPreview") && !frozen);

  const submit = async (values: Values) => {
    errors.clear();
    setRuleError(null);
    const result = await save({
      input: {
        id: segment?.id ?? null,
        version: segment?.version ?? null,
        name: values.name.trim(),
        description: values.description?.trim() || null,
        rules: cleanRules(rules),
        preset,
      },
    });
    const userErrors = result.data?.segmentSave.userErrors ?? [];
    const onRules = userErrors.find((userError) => userErrorPath(userError.field)[0] === "rules");
    if (onRules) setRuleError({ path: rulePathOf(onRules.field), text: onRules.message });
    const payload = errors.check({ error: result.error, payload: result.data?.segmentSave });
    if (!payload?.segment) return;
    void messageApi.success(t("segments.saved", { name: payload.segment.name }));
    if (!segment) void navigate(`/marketing/segments/${payload.segment.id}`, { replace: true });
    else onReload();
  };

  const confirmDelete = () =>
    segment &&
    void modal.confirm({
      title: t("segments.deleteConfirm", { name: segment.name }),
      okText: t("common.delete"),
      okButtonProps: { danger: true },
      onOk: async () => {
        // segmentDelete answers with the id only: name the list's type so urql refetches the segments list.
        const result = await remove({ input: { id: segment.id, version: segment.version } }, { additionalTypenames: ["Segment"] });
        const failure = errorText({ error: result.error, payload: result.data?.segmentDelete }, t("common.failed"));
        setDeleteProblem(failure);
        if (!failure) void navigate("/marketing/segments");
      },
    });

  const previewError = preview.error?.graphQLErrors[0];
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size="middle">
      {messageHolder}
      {modalHolder}
      <FormErrorAlert error={errors.error} onReload={onReload} testId="segment-form" />
      {deleteProblem && <Alert type="error" showIcon role="alert" title={deleteProblem} data-testid="segment-delete-error" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: segment?.name, description: segment?.description }} disabled={!canSave}>
              <Form.Item name="name" label={t("segments.field.name")} rules={[{ required: true, whitespace: true, max: 200 }]}>
                <Input data-testid="segment-name" />
              </Form.Item>
              <Form.Item name="description" label={t("segments.field.description")}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
              </Form.Item>
            </Form>
            {!segment && (presets.data?.segmentPresets.length ?? 0) > 0 && (
              <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
                <Typography.Text>{t("segments.startFrom")}</Typography.Text>
                <Select
                  style={{ minWidth: 220 }}
                  allowClear
                  data-testid="segment-preset"
                  placeholder={t("segments.presetPlaceholder")}
                  value={preset}
                  options={presets.data?.segmentPresets.map((item) => ({ value: item.key, label: item.name, title: item.description }))}
                  onChange={(key: string | undefined) => {
                    const chosen = presets.data?.segmentPresets.find((item) => item.key === key);
                    setPreset(chosen?.key ?? null);
                    if (chosen) {
                      setRules(readRules(chosen.rules));
                      if (!form.getFieldValue("name")) form.setFieldValue("name", chosen.name);
                    }
                  }}
                />
              </Flex>
            )}
            {frozen && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("segments.staticNote")} />}
            {ruleError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={ruleError.text} data-testid="segment-rule-error" />}
            <fieldset disabled={!canSave} style={{ border: 0, padding: 0, margin: 0 }}>
              <RuleBuilder value={rules} onChange={setRules} errorPath={ruleError?.path ?? null} />
            </fieldset>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("segments.liveCount")} data-testid="segment-preview">
            {frozen ? (
              <Typography.Text style={{ fontSize: 24 }}>
                <SegmentMemberCount id={segment.id} />
              </Typography.Text>
            ) : !preview.complete ? (
              <Typography.Text type="secondary">{t("segments.incomplete")}</Typography.Text>
            ) : previewError ? (
              <Alert type="error" showIcon title={previewError.message} />
            ) : (
              <>
                <Statistic
                  value={preview.data?.segmentPreview.count ?? "—"}
                  loading={preview.fetching && !preview.data}
                  suffix={preview.stale || preview.fetching ? <Tag>{t("segments.counting")}</Tag> : null}
                  valueStyle={{ fontSize: 32 }}
                  data-testid="segment-preview-count"
                  data-count={preview.data?.segmentPreview.count}
                />
                <List
                  size="small"
                  header={t("segments.sample")}
                  dataSource={preview.data?.segmentPreview.sample ?? []}
                  renderItem={(customer) => <List.Item>{customer.name}</List.Item>}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <Flex gap={8} wrap>
        {canSave && (
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="segment-save">
            {t("common.save")}
          </Button>
        )}
        {segment && !frozen && permissions.canMutate("segmentFreeze") && (
          <Button onClick={() => setFreezing(true)} data-testid="segment-freeze">
            {t("segments.freeze")}
          </Button>
        )}
        {segment && permissions.canMutate("segmentDelete") && (
          <Button danger onClick={confirmDelete}>
            {t("common.delete")}
          </Button>
        )}
        <Button onClick={() => void navigate("/marketing/segments")}>{t("common.back")}</Button>
      </Flex>
      {segment && <SegmentMembers id={segment.id} />}
      {freezing && segment && (
        <SegmentFreezeModal
          segment={segment}
          onClose={() => setFreezing(false)}
          onFrozen={(id, name) => {
            setFreezing(false);
            void messageApi.success(t("segments.frozen", { name }));
            void navigate(`/marketing/segments/${id}`);
          }}
        />
      )}
    </Space>
  );
};
