import { Button, Empty, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";

import { useFormatters } from "../../format/hooks/useFormatters";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import type { PoolCustomer } from "../types/PoolCustomer";
import { rowTestIdProps } from "../utils/testIdProps";

type PoolTableProps = {
  customers: readonly PoolCustomer[];
  loading: boolean;
  filtered: boolean;
  claimingId: string | null;
  onClaim: (customer: PoolCustomer) => void;
  onAllocate: (customer: PoolCustomer) => void;
};

/** Pool customers with only what the pool reveals (no contacts, no owner), and claim / allocate actions. */
export const PoolTable = ({ customers, loading, filtered, claimingId, onClaim, onAllocate }: PoolTableProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const format = useFormatters();
  const permissions = usePermissions();
  const canClaim = permissions.canMutate("poolClaim");
  const canAllocate = permissions.canMutate("poolAllocate") && permissions.canQuery("salesForce");

  const columns: TableColumnsType<PoolCustomer> = [
    {
      key: "name",
      title: t("pool.name"),
      render: (_, customer) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid="pool-customer-name">
            {customer.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {customer.kind === "person" ? t("pool.kindPerson") : t("pool.kindCompany")}
            {customer.size ? ` · ${customer.size}` : ""}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: "grade",
      title: t("pool.grade"),
      render: (_, customer) => (customer.grade ? <Tag color="blue">{customer.grade}</Tag> : "—"),
    },
    { key: "industry", title: t("pool.industry"), render: (_, customer) => customer.industry ?? "—" },
    {
      key: "region",
      title: t("pool.region"),
      render: (_, customer) => [customer.province, customer.city].filter(Boolean).join(" ") || "—",
    },
    { key: "source", title: t("pool.source"), render: (_, customer) => customer.source ?? "—" },
    {
      key: "inPoolSince",
      title: t("pool.inPoolSince"),
      render: (_, customer) => (
        <Tooltip title={format.dateTime(customer.inPoolSince)}>{format.relative(customer.inPoolSince)}</Tooltip>
      ),
    },
    {
      key: "lastFollowUpAt",
      title: t("pool.lastFollowUpAt"),
      render: (_, customer) => format.date(customer.lastFollowUpAt),
    },
  ];
  if (canClaim || canAllocate) {
    columns.push({
      key: "actions",
      title: t("common:actions"),
      fixed: "right",
      render: (_, customer) => (
        <Space size={4}>
          {canClaim && (
            <Button
              type="primary"
              size="small"
              loading={claimingId === customer.id}
              disabled={claimingId !== null && claimingId !== customer.id}
              onClick={() => onClaim(customer)}
              data-testid={`pool-claim-${customer.id}`}
            >
              {t("pool.claim")}
            </Button>
          )}
          {canAllocate && (
            <Button size="small" onClick={() => onAllocate(customer)} data-testid={`pool-allocate-${customer.id}`}>
              {t("pool.allocate")}
            </Button>
          )}
        </Space>
      ),
    });
  }

  return (
    <Table<PoolCustomer>
      rowKey="id"
      columns={columns}
      dataSource={customers}
      loading={loading}
      pagination={false}
      scroll={{ x: "max-content" }}
      onRow={(customer) => rowTestIdProps(`pool-row-${customer.id}`)}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? "pool.emptyFiltered" : "pool.empty")} />,
      }}
      data-testid="pool-table"
    />
  );
};
