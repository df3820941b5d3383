import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Form, Input, Modal, Table, Typography, Upload, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";

import { usePermissions } from "../../permissions/hooks/usePermissions";
import { LEAD_IMPORT_MAX_ROWS } from "../constants/salesPageSizes";
import { LEAD_BULK_CREATE_MUTATION } from "../graphql/leadBulkCreateMutation";
import { useLeadFieldLabel } from "../hooks/useLeadFieldLabel";
import {
  LEAD_IMPORT_COLUMNS,
  leadImportErrorsOf,
  parseLeadCsv,
  type LeadImportRow,
  type LeadImportRowError,
} from "../utils/parseLeadCsv";
import { rowTestIdProps } from "../utils/testIdProps";
import { SalesForceSelect } from "./SalesForceSelect";

type ImportResult = {
  created: number;
  duplicates: number;
  rowErrors: LeadImportRowError[];
  general: string[];
};

type LeadImportModalProps = {
  onClose: () => void;
};

/**
 * Imports leads from CSV pasted or read from a .csv file in the browser (nothing is uploaded but the rows).
 * Rows with problems are listed with their row number and column; the others are imported.
 */
export const LeadImportModal = ({ onClose }: LeadImportModalProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const fieldLabel = useLeadFieldLabel();
  const canPickOwner = usePermissions().canQuery("salesForce");
  const [text, setText] = useState("");
  const [defaultSource, setDefaultSource] = useState(() => t("leadImport.defaultSource"));
  const [fileName, setFileName] = useState<string | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failed, setFailed] = useState(false);
  const [{ fetching }, bulkCreate] = useMutation(LEAD_BULK_CREATE_MUTATION);

  const parsed = useMemo(() => parseLeadCsv(text, defaultSource.trim() || t("leadImport.defaultSource")), [text, defaultSource, t]);
  const tooMany = parsed.rows.length > LEAD_IMPORT_MAX_ROWS;
  const localErrors: LeadImportRowError[] = parsed.problems.map((problem) => ({
    row: problem.row,
    field: problem.field,
    message: t("leadImport.scoreInvalid"),
  }));

  const runImport = async (rows: readonly LeadImportRow[]) => {
    setFailed(false);
    const response = await bulkCreate({
      input: { leads: rows.map((row) => (ownerId ? { ...row.input, ownerId } : row.input)) },
    });
    const payload = response.data?.leadBulkCreate;
    if (response.error || !payload) {
      setFailed(true);
      return;
    }
    const { rowErrors, general } = leadImportErrorsOf(payload.userErrors, rows);
    setResult({
      created: payload.created,
      duplicates: payload.duplicates,
      rowErrors: [...localErrors, ...rowErrors].sort((a, b) => a.row - b.row),
      general,
    });
  };

  const rowName = (row: number) =>
    parsed.rows.find((candidate) => candidate.row === row)?.input.name ??
    parsed.problems.find((problem) => problem.row === row)?.name ??
    "";

  const errorColumns: TableColumnsType<LeadImportRowError> = [
    { key: "row", title: t("leadImport.row"), width: 90, render: (_, error) => t("leadImport.rowNumber", { row: error.row + 1 }) },
    { key: "name", title: t("leadField.name"), render: (_, error) => rowName(error.row) || "—" },
    { key: "field", title: t("leadImport.column"), render: (_, error) => (error.field ? fieldLabel(error.field) : "—") },
    { key: "message", title: t("leadImport.problem"), dataIndex: "message" },
  ];

  const shownErrors = result ? result.rowErrors : localErrors;

  return (
    <Modal
      open
      width={760}
      title={t("leadImport.title")}
      onCancel={onClose}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose} data-testid="lead-import-done">
            {t("common:close")}
          </Button>
        ) : (
          <Flex justify="end" gap={8}>
            <Button onClick={onClose}>{t("common:cancel")}</Button>
            <Button
              type="primary"
              loading={fetching}
              disabled={parsed.rows.length === 0 || tooMany}
              onClick={() => void runImport(parsed.rows)}
              data-testid="lead-import-submit"
            >
              {t("leadImport.submit", { count: parsed.rows.length })}
            </Button>
          </Flex>
        )
      }
    >
      {result ? (
        <Alert
          type={result.rowErrors.length > 0 || result.general.length > 0 ? "warning" : "success"}
          showIcon
          title={t("leadImport.done", { created: result.created, duplicates: result.duplicates })}
          description={result.general.join(" ") || undefined}
          style={{ marginBottom: 16 }}
          data-testid="lead-import-result"
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t("leadImport.intro", { columns: Object.keys(LEAD_IMPORT_COLUMNS).map(fieldLabel).join(t("leadImport.separator")) })}
          </Typography.Paragraph>
          <Form layout="vertical">
            <Flex gap={16} wrap>
              <Form.Item label={t("leadImport.defaultSourceLabel")} extra={t("leadImport.defaultSourceHint")}>
                <Input value={defaultSource} onChange={(event) => setDefaultSource(event.target.value)} style={{ width: 240 }} />
              </Form.Item>
              {canPickOwner && (
                <Form.Item label={t("leadImport.owner")} extra={t("leadImport.ownerHint")}>
                  <SalesForceSelect
                    value={ownerId}
                    onChange={setOwnerId}
                    allowClear
                    style={{ width: 240 }}
                    data-testid="lead-import-owner"
                  />
                </Form.Item>
              )}
            </Flex>
            <Form.Item label={t("leadImport.paste")}>
              <Input.TextArea
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setFileName(null);
                }}
                rows={8}
                placeholder={t("leadImport.placeholder")}
                style={{ fontFamily: "monospace" }}
                data-testid="lead-import-text"
              />
            </Form.Item>
          </Form>
          <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
            <Upload
              accept=".csv,text/csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((content) => {
                  setText(content);
                  setFileName(file.name);
                });
                // Read in the browser; never uploaded as a file.
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="lead-import-file">
                {t("leadImport.chooseFile")}
              </Button>
            </Upload>
            {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
          </Flex>
          {text.trim() !== "" && parsed.missingName && (
            <Alert type="error" showIcon title={t("leadImport.missingName")} style={{ marginBottom: 16 }} />
          )}
          {tooMany && (
            <Alert type="error" showIcon title={t("leadImport.tooMany", { max: LEAD_IMPORT_MAX_ROWS })} style={{ marginBottom: 16 }} />
          )}
          {parsed.rows.length > 0 && (
            <Typography.Paragraph data-testid="lead-import-preview">
              {t("leadImport.preview", { count: parsed.rows.length })}
              {parsed.unknownColumns.length > 0 && ` ${t("leadImport.unknownColumns", { columns: parsed.unknownColumns.join(", ") })}`}
            </Typography.Paragraph>
          )}
          {failed && <Alert type="error" showIcon title={t("leadImport.failed")} role="alert" style={{ marginBottom: 16 }} />}
        </>
      )}
      {shownErrors.length > 0 && (
        <>
          <Typography.Title level={5}>{t("leadImport.errorsTitle", { count: shownErrors.length })}</Typography.Title>
          <Table<LeadImportRowError>
            scroll={{ x: "max-content" }}
            size="small"
            rowKey={(error) => `${error.row}:${error.field ?? ""}:${error.message}`}
            columns={errorColumns}
            dataSource={shownErrors}
            pagination={shownErrors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            onRow={() => rowTestIdProps("lead-import-error")}
            data-testid="lead-import-errors"
          />
        </>
      )}
    </Modal>
  );
};
