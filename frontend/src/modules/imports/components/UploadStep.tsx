import { InboxOutlined } from "@ant-design/icons";
import { Alert, Flex, Radio, Spin, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { IMPORT_KINDS, type ImportKindKey } from "../utils/importKinds";
import { MAX_IMPORT_BYTES, uploadImportFile } from "../utils/uploadImportFile";

type UploadStepProps = {
  /** What the file holds. */
  kind: ImportKindKey;
  onKind: (kind: ImportKindKey) => void;
  /** The file was kept: its import's id and name. */
  onUploaded: (id: string, filename: string) => void;
};

/**
 * Step 1: say what the file holds (customers, orders or tickets) and how its rows are matched, then drop or pick a
 * CSV or XLSX file; it is sent as it is to `POST /imports?kind=`, whose refusals are shown (a kind the server does
 * not import yet among them).
 */
export const UploadStep = ({ kind, onKind, onUploaded }: UploadStepProps) => {
  const { t, i18n } = useTranslation();
  const [sending, setSending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setError(null);
    if (file.size > MAX_IMPORT_BYTES) {
      setError(t("imports.upload.tooLarge", { limit: MAX_IMPORT_BYTES / 1024 / 1024 }));
      return;
    }
    setSending(file.name);
    const outcome = await uploadImportFile(file, i18n.language, kind);
    setSending(null);
    if (outcome.ok) onUploaded(outcome.id, file.name);
    else if (outcome.status === 401) setError(t("imports.upload.signedOut"));
    else if (outcome.status === 403) setError(outcome.error ?? t("imports.noAccess"));
    else setError(outcome.error ?? t("imports.upload.failed"));
  };

  return (
    <Flex vertical gap={16} data-testid="import-upload">
      <Flex vertical gap={8}>
        <Typography.Text strong id="import-kind-label">
          {t("imports.kindPick")}
        </Typography.Text>
        <Radio.Group
          value={kind}
          onChange={(event) => {
            setError(null);
            onKind(event.target.value as ImportKindKey);
          }}
          disabled={sending != null}
          aria-labelledby="import-kind-label"
          data-testid="import-kind"
          style={{ display: "flex", flexDirection: "column", gap: 8 }}
        >
          {IMPORT_KINDS.map((choice) => (
            <Radio key={choice} value={choice} data-testid={`import-kind-${choice}`}>
              <Flex vertical>
                <Typography.Text strong>{t(`imports.kinds.${choice}.label`)}</Typography.Text>
                <Typography.Text type="secondary">{t(`imports.kinds.${choice}.explained`)}</Typography.Text>
              </Flex>
            </Radio>
          ))}
        </Radio.Group>
        <Alert type="info" showIcon title={t(`imports.kinds.${kind}.rule`)} data-testid="import-kind-rule" />
      </Flex>
      <Upload.Dragger
        accept=".csv,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={sending != null}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
        aria-label={t("imports.upload.pick")}
        data-testid="import-dropzone"
      >
        <Spin spinning={sending != null}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{sending ? t("imports.upload.sending", { name: sending }) : t("imports.upload.pick")}</p>
          <p className="ant-upload-hint">{t("imports.upload.hint")}</p>
        </Spin>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon role="alert" title={error} data-testid="import-upload-error" />}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t("imports.upload.afterHint")}
      </Typography.Paragraph>
    </Flex>
  );
};
