import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Empty, Flex, Skeleton, Spin, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import type { ExportFileFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useNow } from "../../ui/hooks/useNow";
import { useMyExportsQuery } from "../hooks/useMyExportsQuery";
import { exportDownloadPath, exportState, type ExportState } from "../utils/exportState";

const STATE_COLORS = { queued: "default", running: "processing", ready: "success", failed: "error", expired: "default" } as const satisfies Record<
  ExportState,
  string
>;

const ExportRow = ({ file, now }: { file: ExportFileFieldsFragment; now: number }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const state = exportState(file, now);
  const title = t("exports.rowTitle", { list: t(`exports.lists.${file.list}`), format: file.format });
  return (
    <Flex
      vertical
      gap={8}
      role="listitem"
      aria-label={title}
      data-testid="export-row"
      data-export-list={file.list}
      data-export-state={state}
      style={{ padding: "12px 0", borderBottom: "1px solid rgba(5, 5, 5, 0.06)" }}
    >
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong>{title}</Typography.Text>
          <Typography.Text type="secondary">{t("exports.askedAt", { time: format.dateTime(file.createdAt) })}</Typography.Text>
        </Flex>
        <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="export-state">
          {t(`exports.states.${state}`)}
        </Tag>
      </Flex>
      <div aria-live="polite">
        {state === "queued" && <Typography.Text type="secondary">{t("exports.queuedHint")}</Typography.Text>}
        {state === "running" && (
          <Flex gap={8} align="center">
            <Spin size="small" />
            <Typography.Text data-testid="export-progress">{t("exports.rowsSoFar", { count: file.rows })}</Typography.Text>
          </Flex>
        )}
        {state === "ready" && (
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text data-testid="export-rows">{t("exports.rowsDone", { count: file.rows })}</Typography.Text>
              <Typography.Text type="secondary">{t("exports.availableUntil", { time: format.dateTime(file.expiresAt) })}</Typography.Text>
            </Flex>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              href={exportDownloadPath(file.id)}
              aria-label={t("exports.downloadNamed", { name: file.filename ?? title })}
              data-testid="export-download"
            >
              {t("exports.download")}
            </Button>
          </Flex>
        )}
        {state === "failed" && <Alert type="error" showIcon title={file.error ?? t("exports.failedUnknown")} data-testid="export-error" />}
        {state === "expired" && <Typography.Text type="secondary">{t("exports.expiredHint", { time: format.dateTime(file.expiresAt) })}</Typography.Text>}
      </div>
    </Flex>
  );
};

/** The viewer's exports, newest first, with their state, kept current while any is queued or running. */
export const MyExportsList = ({ pause = false }: { pause?: boolean }) => {
  const { t } = useTranslation();
  const now = useNow(60_000);
  const [{ data, error }, reexecute] = useMyExportsQuery(pause);
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!data) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (data.myExports.length === 0) return <Empty description={t("exports.empty")} data-testid="exports-empty" />;
  return (
    <Flex vertical role="list" aria-label={t("exports.mine")} data-testid="my-exports-list">
      {data.myExports.map((file) => (
        <ExportRow key={file.id} file={file} now={now} />
      ))}
    </Flex>
  );
};
