import { Table, Typography, type TableColumnsType, type TableProps } from "antd";
import type { ReactNode } from "react";
import type { SortOrder } from "antd/es/table/interface";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import type { CustomerListRowFieldsFragment, SortDirection } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { GuardedField } from "../../permissions/components/GuardedField";
import type { CustomerSortKey, CustomersListAccess } from "../utils/customerAccess";
import { CustomerKindTag, CustomerStatusTag, CustomerTagList, GradeTag, PoolStatusTag, SegmentTag } from "./CustomerTags";

export type CustomerRow = CustomerListRowFieldsFragment;

type CustomersTableProps = {
  rows: CustomerRow[];
  loading: boolean;
  access: CustomersListAccess;
  sort: CustomerSortKey | null;
  direction: SortDirection;
  canSort: (key: CustomerSortKey) => boolean;
  onSort: (sort: CustomerSortKey | null, direction: SortDirection) => void;
  /** What an empty page shows. */
  empty: ReactNode;
};

const EMPTY = "—";

/** Customers as a table whose columns follow what the viewer may read; a click on a row opens the customer. */
export const CustomersTable = ({ rows, loading, access, sort, direction, canSort, onSort, empty }: CustomersTableProps) => {
  const { t } = useTranslation("customers");
  const format = useFormatters();
  const navigate = useNavigate();

  const sortable = (key: CustomerSortKey) =>
    canSort(key)
      ? {
          key,
          sorter: true,
          sortOrder: (sort === key ? (direction === "ASC" ? "ascend" : "descend") : null) as SortOrder,
          sortDirections: ["ascend", "descend"] as SortOrder[],
        }
      : { key };

  const columns: TableColumnsType<CustomerRow> = [
    {
      title: t("columns.name"),
      dataIndex: "name",
      fixed: "left",
      width: 220,
      ...sortable("NAME"),
      render: (_, row) => (
        <Link to={`/customers/${row.id}`} onClick={(event) => event.stopPropagation()} data-testid="customer-link">
          {row.name}
        </Link>
      ),
    },
  ];
  if (access.withKind) columns.push({ title: t("columns.kind"), key: "kind", width: 100, render: (_, row) => row.kind && <CustomerKindTag kind={row.kind} /> });
  if (access.withStatus)
    columns.push({ title: t("columns.status"), key: "status", width: 110, render: (_, row) => row.status && <CustomerStatusTag status={row.status} /> });
  if (access.withGrade)
    columns.push({
      title: t("columns.grade"),
      width: 90,
      ...sortable("GRADE"),
      render: (_, row) => (row.grade ? <GradeTag grade={row.grade} /> : EMPTY),
    });
  if (access.withOwner) columns.push({ title: t("columns.owner"), key: "owner", width: 120, render: (_, row) => row.owner?.name ?? EMPTY });
  if (access.withContacts)
    columns.push({
      title: t("columns.contact"),
      key: "contact",
      width: 200,
      render: (_, row) => {
        const contact = row.contacts?.find((candidate) => candidate.isPrimary) ?? row.contacts?.[0];
        if (!contact) return EMPTY;
        const phone = contact.phones?.[0];
        return (
          <span>
            {contact.name}
            {phone && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                <GuardedField type="Contact" field="phones">
                  {phone}
                </GuardedField>
              </Typography.Text>
            )}
          </span>
        );
      },
    });
  if (access.withProvince || access.withCity)
    columns.push({
      title: t("columns.region"),
      key: "region",
      width: 140,
      render: (_, row) => [row.province, row.city].filter(Boolean).join(" · ") || EMPTY,
    });
  if (access.withIndustry) columns.push({ title: t("columns.industry"), key: "industry", width: 120, render: (_, row) => row.industry ?? EMPTY });
  if (access.withTags)
    columns.push({ title: t("columns.tags"), key: "tags", width: 180, render: (_, row) => <CustomerTagList tags={row.tags ?? []} /> });
  if (access.withRfm)
    columns.push({ title: t("columns.rfm"), key: "rfm", width: 130, render: (_, row) => (row.rfm ? <SegmentTag segment={row.rfm.segment} /> : EMPTY) });
  if (access.withLifetimeValue)
    columns.push({
      title: t("columns.lifetimeValue"),
      key: "lifetimeValue",
      width: 130,
      align: "right",
      render: (_, row) => format.money(row.lifetimeValue),
    });
  if (access.withPoolStatus)
    columns.push({
      title: t("columns.poolStatus"),
      key: "poolStatus",
      width: 100,
      render: (_, row) => row.poolStatus && <PoolStatusTag poolStatus={row.poolStatus} />,
    });
  if (access.withLastActivityAt)
    columns.push({
      title: t("columns.lastActivityAt"),
      width: 130,
      ...sortable("LAST_ACTIVITY_AT"),
      render: (_, row) => <span title={format.dateTime(row.lastActivityAt)}>{format.relative(row.lastActivityAt)}</span>,
    });
  if (access.withCreatedAt)
    columns.push({ title: t("columns.createdAt"), width: 120, ...sortable("CREATED_AT"), render: (_, row) => format.date(row.createdAt) });

  const onChange: TableProps<CustomerRow>["onChange"] = (_pagination, _filters, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = single?.order ? (single.columnKey as CustomerSortKey | undefined) : undefined;
    if (key) onSort(key, single?.order === "ascend" ? "ASC" : "DESC");
    else onSort(null, "DESC");
  };

  return (
    <Table<CustomerRow>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={false}
      locale={{ emptyText: empty }}
      scroll={{ x: "max-content" }}
      onChange={onChange}
      onRow={(row) => ({
        onClick: () => void navigate(`/customers/${row.id}`),
        style: { cursor: "pointer" },
        "data-testid": "customer-row",
        "data-id": row.id,
      })}
      data-testid="customers-table"
    />
  );
};
