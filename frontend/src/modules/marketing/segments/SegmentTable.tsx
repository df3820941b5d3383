import { Button, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { SegmentListQuery } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { SegmentMemberCount } from "./SegmentMemberCount";

type Row = SegmentListQuery["segments"]["nodes"][number];

type SegmentTableProps = {
  rows: readonly Row[];
  loading: boolean;
  onDelete?: (row: Row) => void;
  onFreeze?: (row: Row) => void;
};

/** The segments list: name (to the editor), kind, member count, owner, last change, and actions. */
export const SegmentTable = ({ rows, loading, onDelete, onFreeze }: SegmentTableProps) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  return (
    <Table<Row>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows as Row[]}
      pagination={false}
      scroll={{ x: "max-content" }}
      data-testid="segment-table"
      columns={[
        {
          key: "name",
          title: t("segments.column.name"),
          render: (_, row) => <Link to={`/marketing/segments/${row.id}`}>{row.name}</Link>,
        },
        {
          key: "kind",
          title: t("segments.column.kind"),
          render: (_, row) => <Tag color={row.kind === "STATIC" ? "blue" : "green"}>{t(`segments.segmentKind.${row.kind}`)}</Tag>,
        },
        { key: "members", title: t("segments.column.members"), align: "right", render: (_, row) => <SegmentMemberCount id={row.id} /> },
        { key: "owner", title: t("segments.column.owner"), render: (_, row) => row.owner?.name ?? "—" },
        { key: "updated", title: t("segments.column.updated"), render: (_, row) => format.dateTime(row.updatedAt) },
        {
          key: "actions",
          title: t("common.actions"),
          render: (_, row) => (
            <>
              {onFreeze && row.kind === "DYNAMIC" && (
                <Button type="link" size="small" onClick={() => onFreeze(row)}>
                  {t("segments.freeze")}
                </Button>
              )}
              {onDelete && (
                <Button type="link" size="small" danger onClick={() => onDelete(row)} data-testid="segment-delete">
                  {t("common.delete")}
                </Button>
              )}
            </>
          ),
        },
      ]}
    />
  );
};
