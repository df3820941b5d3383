import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Progress, Spin, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ImportBatchFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useNow } from "../../ui/hooks/useNow";
import { importKindOf } from "../utils/importKinds";
import { importPercent, importStatus, importUndoable, rejectedRowsPath, type ImportStatus } from "../utils/importBatchState";
import { ImportUndoButton } from "./ImportUndoButton";

export const STATUS_COLORS = {
  uploaded: "default",
  queued: "default",
  running: "processing",
  done: "success",
  failed: "error",
  undone: "warning",
} as const satisfies Record<ImportStatus, string>;

/** An import's status tag. */
export const ImportStatusTag = ({ batch }: { batch: Pick<ImportBatchFieldsFragment, "status"> }) => {
  const { t } = useTranslation();
  const status = importStatus(batch);
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="import-status">
      {t(`imports.statuses.${status}`)}
    </Tag>
  );
};

/** Its counts in one line, in the words of what it imported: created, updated, skipped (or unchanged), not imported. */
export const ImportCountsText = ({ batch }: { batch: ImportBatchFieldsFragment }) => {
  const { t } = useTranslation();
  return (
    <Typography.Text data-testid="import-result-counts">
      {t(`imports.kinds.${importKindOf(batch.kind)}.counts`, { created: batch.created, updated: batch.updated, skipped: batch.skipped, rejected: batch.rejected })}
    </Typography.Text>
  );
};

/** The rejected rows' file, when there are some. */
export const RejectedRowsLink = ({ batch, size }: { batch: ImportBatchFieldsFragment; size?: "small" }) => {
  const { t } = useTranslation();
  if (batch.rejected === 0 || (batch.status !== "done" && batch.status !== "undone")) return null;
  return (
    <Button
      size={size}
      icon={<DownloadOutlined />}
      href={rejectedRowsPath(batch.id)}
      aria-label={t("imports.run.rejectedNamed", { name: batch.filename })}
      data-testid="import-rejected-download"
    >
      {t("imports.run.rejected", { count: batch.rejected })}
    </Button>
  );
};

/** Step 7: the run followed (queued, then done of total), then what it did, its rejected rows and undo. */
export const ImportBatchResult = ({ batch }: { batch: ImportBatchFieldsFragment }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow(60_000);
  const status = importStatus(batch);
  return (
    <Flex vertical gap={16} data-testid="import-run" data-import-status={status}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{batch.filename}</Typography.Text>
        <ImportStatusTag batch={batch} />
      </Flex>
      <div aria-live="polite">
        {(status === "queued" || status === "uploaded") && (
          <Flex gap={8} align="center">
            <Spin size="small" />
            <Typography.Text type="secondary">{t("imports.run.queued")}</Typography.Text>
          </Flex>
        )}
        {(status === "running" || status === "queued") && (
          <Progress
            percent={importPercent(batch)}
            status="active"
            format={() => t("imports.run.progress", { done: batch.done, total: batch.total })}
            aria-label={t("imports.run.progressLabel")}
            data-testid="import-progress"
          />
        )}
        {status === "failed" && <Alert type="error" showIcon title={batch.error ?? t("imports.run.failedUnknown")} data-testid="import-error" />}
        {(status === "done" || status === "undone") && (
          <Flex vertical gap={12}>
            <Progress percent={100} format={() => t("imports.run.progress", { done: batch.done, total: batch.total })} aria-label={t("imports.run.progressLabel")} />
            <ImportCountsText batch={batch} />
            {status === "undone" && <Alert type="warning" showIcon title={t("imports.run.undoneAt", { time: format.dateTime(batch.undoneAt) })} data-testid="import-undone" />}
            <Flex gap={8} wrap>
              <RejectedRowsLink batch={batch} />
              {importUndoable(batch, now) && <ImportUndoButton batch={batch} />}
            </Flex>
            {importUndoable(batch, now) && (
              <Typography.Text type="secondary">{t("imports.run.undoHint", { time: format.dateTime(batch.undoUntil) })}</Typography.Text>
            )}
          </Flex>
        )}
      </div>
    </Flex>
  );
};
