import { SaveOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Modal, Select, Table, Tag, Typography, message } from "antd";
import { useState, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { FormErrorAlert } from "../../ui/components/FormErrorAlert";
import { useFormErrors } from "../../ui/hooks/useFormErrors";
import { useImportLabels } from "../hooks/useImportLabels";
import { IMPORT_TEMPLATE_SAVE_MUTATION } from "../graphql/importTemplateSaveMutation";
import { IMPORT_TEMPLATES_QUERY } from "../graphql/importTemplatesQuery";
import { importKindEnum, type ImportKindKey } from "../utils/importKinds";
import {
  applyTemplate,
  columnValues,
  mappingProblems,
  valueInputs,
  type ColumnMapping,
  type ImportSheet,
  type ImportTarget,
  type ValueMapping,
} from "../utils/importMapping";

type ColumnsStepProps = {
  kind: ImportKindKey;
  sheet: ImportSheet;
  targets: readonly ImportTarget[];
  columns: ColumnMapping;
  values: ValueMapping;
  onChange: (columns: ColumnMapping, values?: ValueMapping) => void;
};

/** The empty choice of a column's select ("do not import"); the API's null. */
const LEFT_OUT = "";

/** Step 3: each column's field, suggested from its header; a saved template applied, or this mapping saved as one. */
export const ColumnsStep = ({ kind, sheet, targets, columns, values, onChange }: ColumnsStepProps) => {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const labels = useImportLabels(kind);
  const [{ data: templates }, reloadTemplates] = useQuery({ query: IMPORT_TEMPLATES_QUERY, pause: !permissions.canQuery("importTemplates") });
  // Templates of files of this kind only (customers, orders and tickets each have templates of their own).
  const kindTemplates = templates?.importTemplates.filter((template) => template.kind === kind) ?? [];
  const problems = mappingProblems(columns, targets);
  const fieldOptions = [
    { value: LEFT_OUT, label: t("imports.columns.leftOut") },
    ...targets.map((target) => ({
      value: target.key,
      label: target.required ? t("imports.columns.required", { field: labels.target(target.key) }) : labels.target(target.key),
    })),
  ];

  return (
    <Flex vertical gap={16} data-testid="import-columns">
      <Flex gap={8} wrap align="center" justify="space-between">
        <Typography.Text type="secondary">{t(`imports.kinds.${kind}.columnsHint`)}</Typography.Text>
        <Flex gap={8} wrap>
          {kindTemplates.length > 0 && (
            <Select
              placeholder={t("imports.columns.applyTemplate")}
              aria-label={t("imports.columns.applyTemplate")}
              style={{ minWidth: 200 }}
              value={null}
              options={kindTemplates.map((template) => ({ value: template.id, label: template.name }))}
              onChange={(id: string) => {
                const template = kindTemplates.find((item) => item.id === id);
                if (!template) return;
                const applied = applyTemplate(template, sheet.headers, columns);
                onChange(applied.columns, applied.values);
              }}
              data-testid="import-template-apply"
            />
          )}
          {permissions.canMutate("importTemplateSave") && (
            <SaveTemplateButton kind={kind} columns={columns} values={values} onSaved={() => reloadTemplates({ requestPolicy: "network-only" })} />
          )}
        </Flex>
      </Flex>
      <Table<{ key: string; header: string }>
        size="small"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={sheet.headers.map((header) => ({ key: header, header }))}
        rowKey="header"
        onRow={(row) => ({ "data-testid": "import-column", "data-header": row.header }) as HTMLAttributes<HTMLElement>}
        columns={[
          { key: "header", title: t("imports.columns.header"), render: (_, row) => <Typography.Text strong>{row.header}</Typography.Text> },
          {
            key: "target",
            title: t("imports.columns.target"),
            render: (_, row) => (
              <Select
                value={columns[row.header] ?? LEFT_OUT}
                options={fieldOptions}
                onChange={(target: string) => onChange({ ...columns, [row.header]: target === LEFT_OUT ? null : target })}
                aria-label={t("imports.columns.targetOf", { header: row.header })}
                style={{ width: 200 }}
                data-testid="import-column-target"
              />
            ),
          },
          {
            key: "sample",
            title: t("imports.columns.sample"),
            render: (_, row) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 240 }}>
                {columnValues(sheet, row.header, 3).join(" · ") || "—"}
              </Typography.Text>
            ),
          },
        ]}
        data-testid="import-columns-table"
      />
      {problems.missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t("imports.columns.missing", { fields: problems.missing.map((key) => labels.target(key)).join(t("imports.separator")) })}
          data-testid="import-columns-missing"
        />
      )}
      {problems.twice.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t("imports.columns.twice", { fields: problems.twice.map((key) => labels.target(key)).join(t("imports.separator")) })}
          data-testid="import-columns-twice"
        />
      )}
      {targets.some((target) => target.many) && (
        <Flex gap={4} wrap>
          {targets
            .filter((target) => target.many)
            .map((target) => (
              <Tag key={target.key}>{labels.target(target.key)}</Tag>
            ))}
          <Typography.Text type="secondary">{t("imports.columns.manyHint")}</Typography.Text>
        </Flex>
      )}
    </Flex>
  );
};

type SaveTemplateValues = { name: string };

/** Save the current column and value mapping under a name (the same name replaces it). */
const SaveTemplateButton = ({ kind, columns, values, onSaved }: { kind: ImportKindKey; columns: ColumnMapping; values: ValueMapping; onSaved: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<SaveTemplateValues>();
  const [open, setOpen] = useState(false);
  const [messageApi, messageHolder] = message.useMessage();
  const [{ fetching }, save] = useMutation(IMPORT_TEMPLATE_SAVE_MUTATION);
  const formErrors = useFormErrors(form, { fields: ["name"] as const, failed: t("imports.columns.templateFailed") });

  const submit = async ({ name }: SaveTemplateValues) => {
    formErrors.clear();
    const input = {
      name: name.trim(),
      kind: importKindEnum(kind),
      columns: Object.entries(columns).map(([header, target]) => ({ header, target })),
      values: valueInputs(columns, values),
    };
    const result = await save({ input });
    const payload = formErrors.check({ error: result.error, payload: result.data?.importTemplateSave });
    if (!payload?.template) return;
    setOpen(false);
    onSaved();
    void messageApi.success(t("imports.columns.templateSaved", { name: payload.template.name }));
  };

  return (
    <>
      {messageHolder}
      <Button
        icon={<SaveOutlined />}
        onClick={() => {
          form.resetFields();
          formErrors.clear();
          setOpen(true);
        }}
        data-testid="import-template-save"
      >
        {t("imports.columns.saveTemplate")}
      </Button>
      <Modal
        open={open}
        title={t("imports.columns.saveTemplate")}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t("imports.columns.save")}
        cancelText={t("imports.cancel")}
        confirmLoading={fetching}
        destroyOnHidden
      >
        <FormErrorAlert error={formErrors.error} testId="import-template" />
        <Form<SaveTemplateValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="name"
            label={t("imports.columns.templateName")}
            extra={t("imports.columns.templateHint")}
            rules={[{ required: true, whitespace: true, message: t("imports.columns.templateNameRequired") }]}
          >
            <Input maxLength={100} placeholder={t("imports.columns.templatePlaceholder")} data-testid="import-template-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
