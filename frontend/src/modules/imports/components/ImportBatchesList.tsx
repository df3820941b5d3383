import { Empty, Flex, Table, Typography } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import type { ImportBatchFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { useNow } from "../../ui/hooks/useNow";
import { importUndoable } from "../utils/importBatchState";
import { importKindOf } from "../utils/importKinds";
import { ImportCountsText, ImportStatusTag, RejectedRowsLink } from "./ImportBatchResult";
import { ImportUndoButton } from "./ImportUndoButton";

/** The viewer's past imports, newest first: status, counts, and their rejected rows and undo. */
export const ImportBatchesList = ({ batches }: { batches: readonly ImportBatchFieldsFragment[] }) => {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow(60_000);
  if (batches.length === 0) return <Empty description={t("imports.list.empty")} data-testid="import-batches-empty" />;
  return (
    <Table<ImportBatchFieldsFragment>
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={[...batches]}
      onRow={(batch) => ({ "data-testid": "import-batch", "data-import-status": batch.status, "data-kind": importKindOf(batch.kind) }) as HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: "file",
          title: t("imports.list.file"),
          render: (_, batch) => (
            <Flex vertical>
              <Typography.Text strong>{batch.filename}</Typography.Text>
              <Typography.Text type="secondary">
                <span data-testid="import-batch-kind">{t(`imports.kinds.${importKindOf(batch.kind)}.short`)}</span> · {format.dateTime(batch.createdAt)}
              </Typography.Text>
            </Flex>
          ),
        },
        { key: "status", title: t("imports.list.status"), render: (_, batch) => <ImportStatusTag batch={batch} /> },
        {
          key: "counts",
          title: t("imports.list.counts"),
          render: (_, batch) =>
            batch.status === "done" || batch.status === "undone" ? (
              <ImportCountsText batch={batch} />
            ) : (
              <Typography.Text type="secondary">{t("imports.run.progress", { done: batch.done, total: batch.total })}</Typography.Text>
            ),
        },
        {
          key: "actions",
          title: t("imports.list.actions"),
          render: (_, batch) => (
            <Flex gap={8} wrap>
              <RejectedRowsLink batch={batch} size="small" />
              {importUndoable(batch, now) && <ImportUndoButton batch={batch} size="small" />}
            </Flex>
          ),
        },
      ]}
      aria-label={t("imports.list.title")}
      data-testid="import-batches"
    />
  );
};
