import { Alert, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";

import type { ImportPreviewMutation } from "../../../generated/graphql";
import { useImportLabels } from "../hooks/useImportLabels";
import { IMPORT_KIND_RULES, shownCounts, type ImportKindKey } from "../utils/importKinds";

export type ImportPreview = NonNullable<ImportPreviewMutation["importPreview"]>;
type PreviewRow = ImportPreview["rows"][number];

const ACTION_COLORS: Record<string, string> = { CREATE: "green", UPDATE: "blue", SKIP: "default", CONFLICT: "orange", REJECT: "red" };
const COUNT_ACTIONS = { create: "CREATE", update: "UPDATE", skip: "SKIP", conflict: "CONFLICT", reject: "REJECT" } as const;

/** Step 6: how many rows would do what, and each row that does more than create: its match, its reason (when any row has one), its problems by column. */
export const PreviewStep = ({ kind, preview }: { kind: ImportKindKey; preview: ImportPreview }) => {
  const { t } = useTranslation();
  const labels = useImportLabels(kind);
  const counts = preview.counts;
  const shown = counts ? shownCounts(kind, counts) : [];
  const left = (counts?.conflict ?? 0) + (counts?.reject ?? 0);
  const matchOf = (row: PreviewRow) => {
    if (row.matchedRow != null) return t("imports.preview.sameAs", { key: row.matchKey ? labels.matchKey(row.matchKey) : "", row: row.matchedRow });
    if (row.matchKey) return `${labels.matchKey(row.matchKey)} ${row.matchValue ?? ""}`.trim();
    return "";
  };
  return (
    <Flex vertical gap={16} data-testid="import-preview">
      {!IMPORT_KIND_RULES[kind].duplicates && <Alert type="info" showIcon title={t(`imports.kinds.${kind}.rule`)} data-testid="import-kind-rule" />}
      {counts && (
        <Row gutter={[12, 12]} data-testid="import-counts">
          {shown.map((key) => (
            <Col key={key} xs={12} sm={8} md={Math.max(4, Math.floor(24 / shown.length))}>
              <Card size="small" data-testid={`import-count-${key}`}>
                <Statistic title={<Tag color={ACTION_COLORS[COUNT_ACTIONS[key]]}>{t(`imports.actions.${COUNT_ACTIONS[key]}`)}</Tag>} value={counts[key]} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {left > 0 && <Alert type="info" showIcon title={t(`imports.kinds.${kind}.notImported`, { count: left })} data-testid="import-preview-left" />}
      {preview.rows.length === 0 ? (
        <Typography.Text type="secondary">{t(`imports.kinds.${kind}.allCreate`)}</Typography.Text>
      ) : (
        <Table<PreviewRow>
          size="small"
          rowKey="row"
          pagination={preview.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: "max-content" }}
          dataSource={preview.rows}
          onRow={(row) => ({ "data-testid": "import-preview-row", "data-row": row.row, "data-action": row.action }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: "row", title: t("imports.preview.row"), render: (_, row) => row.row },
            {
              key: "action",
              title: t("imports.preview.action"),
              render: (_, row) => <Tag color={ACTION_COLORS[row.action] ?? "default"}>{labels.action(row.action)}</Tag>,
            },
            { key: "match", title: t("imports.preview.match"), render: (_, row) => matchOf(row) || "—" },
            // Only a customer file's conflicts give a reason: an empty column says nothing to an order or ticket file.
            ...(preview.rows.some((row) => row.reason)
              ? [{ key: "reason", title: t("imports.preview.reason"), render: (_: unknown, row: PreviewRow) => row.reason ?? "—" }]
              : []),
            {
              key: "problems",
              title: t("imports.preview.problems"),
              render: (_, row) =>
                row.problems.length === 0 ? (
                  "—"
                ) : (
                  <ul style={{ margin: 0, paddingInlineStart: 16 }} aria-label={t("imports.preview.problemsOf", { row: row.row })}>
                    {row.problems.map((problem, index) => (
                      <li key={index} data-testid="import-problem" data-column={problem.column ?? ""}>
                        {problem.column ? <Typography.Text strong>{problem.column}: </Typography.Text> : null}
                        {problem.message}
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
          data-testid="import-preview-rows"
        />
      )}
      {preview.rows.length >= 200 && <Typography.Text type="secondary">{t("imports.preview.first200")}</Typography.Text>}
    </Flex>
  );
};
