import { Button, Empty, Flex, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import type { HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { TicketListFieldsFragment } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { SlaCountdown } from "../../ui/components/SlaCountdown";
import { runningSlaClock } from "../../ui/utils/slaClock";
import { statusAllows } from "../utils/ticketStatuses";
import { AssignTicketSelect } from "./AssignTicketSelect";
import { CategoryLabel } from "./CategoryLabel";
import { TicketPriorityTag } from "./TicketPriorityTag";
import { TicketStatusTag } from "./TicketStatusTag";

type TicketTableProps = {
  rows: TicketListFieldsFragment[];
  loading: boolean;
  emptyText: string;
  /** Show each ticket's customer (the viewer may read it). */
  showCustomer: boolean;
  showQueue: boolean;
  showSla: boolean;
  /** Offer "assign to…" on each row (supervisors). */
  canAssign: boolean;
  hasNextPage: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onConflict: () => void;
  testId: string;
};

/** A console list: number, subject, customer, status, priority, SLA countdown and, for supervisors, assign. */
export const TicketTable = ({
  rows,
  loading,
  emptyText,
  showCustomer,
  showQueue,
  showSla,
  canAssign,
  hasNextPage,
  loadingMore,
  onLoadMore,
  onConflict,
  testId,
}: TicketTableProps) => {
  const { t } = useTranslation("service");
  const format = useFormatters();

  const columns: TableColumnsType<TicketListFieldsFragment> = [
    {
      key: "number",
      title: t("columns.number"),
      width: 140,
      render: (_, ticket) => (
        <Space size={4}>
          <Link to={`/service/tickets/${encodeURIComponent(ticket.id)}`} data-testid="ticket-link">
            {ticket.number}
          </Link>
          {(ticket.escalationLevel ?? 0) > 0 && (
            <Tag color="red" data-testid="escalated-tag">
              {t("ticket.escalatedShort", { level: ticket.escalationLevel })}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: "subject",
      title: t("columns.subject"),
      width: 260,
      ellipsis: true,
      render: (_, ticket) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 244 }}>
          <Typography.Text ellipsis={{ tooltip: ticket.subject }}>{ticket.subject}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {showCustomer && ticket.customer ? `${ticket.customer.name} · ` : ""}
            <CategoryLabel category={ticket.category} />
            {" · "}
            <span title={format.dateTime(ticket.createdAt)}>{format.relative(ticket.createdAt)}</span>
          </Typography.Text>
        </Space>
      ),
    },
    { key: "status", title: t("columns.status"), width: 100, render: (_, ticket) => <TicketStatusTag status={ticket.status} /> },
    {
      key: "priority",
      title: t("columns.priority"),
      width: 80,
      render: (_, ticket) => <TicketPriorityTag priority={ticket.priority} />,
    },
    ...(showQueue
      ? [{ key: "queue", title: t("columns.queue"), width: 130, render: (_: unknown, ticket: TicketListFieldsFragment) => ticket.queue?.name ?? "—" }]
      : []),
    {
      key: "assignee",
      title: t("columns.assignee"),
      width: 110,
      render: (_, ticket) =>
        ticket.assignee ? ticket.assignee.name : <Typography.Text type="secondary">{t("assign.unassigned")}</Typography.Text>,
    },
    ...(showSla
      ? [
          {
            key: "sla",
            title: t("columns.sla"),
            width: 160,
            render: (_: unknown, ticket: TicketListFieldsFragment) => {
              const clock = runningSlaClock(ticket);
              return clock ? <SlaCountdown clock={clock} /> : "—";
            },
          },
        ]
      : []),
    ...(canAssign
      ? [
          {
            key: "assign",
            title: t("columns.assign"),
            width: 170,
            render: (_: unknown, ticket: TicketListFieldsFragment) =>
              statusAllows("assign", ticket.status) ? <AssignTicketSelect ticket={ticket} onConflict={onConflict} /> : null,
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={12} data-testid={testId}>
      <Table<TicketListFieldsFragment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(ticket) => ({ "data-testid": `ticket-row-${ticket.number}`, "data-status": ticket.status }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={emptyText} /> }}
      />
      {hasNextPage && (
        <Flex justify="center">
          <Button onClick={onLoadMore} loading={loadingMore} data-testid={`${testId}-load-more`}>
            {t("console.loadMore")}
          </Button>
        </Flex>
      )}
    </Flex>
  );
};
