import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Table, Typography, type TableColumnsType } from "antd";
import { useMemo, type HTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";

import type { TicketListFieldsFragment } from "../../generated/graphql";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CategoryLabel } from "../../modules/service/components/CategoryLabel";
import { TicketStatusTag } from "../../modules/service/components/TicketStatusTag";
import { useServiceTicketsQuery } from "../../modules/service/hooks/useServiceTicketsQuery";
import { ticketFieldVariables } from "../../modules/service/utils/ticketFieldVariables";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** /portal: the company's tickets, newest first, with their status. */
export const PortalTicketListView = () => {
  const { t } = useTranslation("portal");
  const format = useFormatters();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const fields = useMemo(() => ticketFieldVariables(permissions), [permissions]);
  const list = useServiceTicketsQuery({ filter: null, fields });

  if (list.error && !list.loaded) return <RequestFailedResult error={list.error} onRetry={list.refresh} />;

  const columns: TableColumnsType<TicketListFieldsFragment> = [
    {
      key: "number",
      title: t("tickets.number"),
      width: 150,
      render: (_, ticket) => (
        <Link to={`/portal/tickets/${encodeURIComponent(ticket.id)}`} data-testid="portal-ticket-link">
          {ticket.number}
        </Link>
      ),
    },
    { key: "subject", title: t("tickets.subject"), ellipsis: true, render: (_, ticket) => ticket.subject },
    // On a phone: number, subject and status; the table scrolls inside itself if that is still too wide.
    { key: "category", title: t("tickets.category"), width: 130, responsive: ["sm"], render: (_, ticket) => <CategoryLabel category={ticket.category} /> },
    { key: "status", title: t("tickets.status"), width: 120, render: (_, ticket) => <TicketStatusTag status={ticket.status} /> },
    {
      key: "updatedAt",
      title: t("tickets.updatedAt"),
      width: 140,
      responsive: ["sm"],
      render: (_, ticket) => <span title={format.dateTime(ticket.updatedAt)}>{format.relative(ticket.updatedAt)}</span>,
    },
  ];

  return (
    <Card
      title={t("tickets.title")}
      extra={
        permissions.canMutate("ticketCreate") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate("/portal/new")} data-testid="portal-new-ticket">
            {t("nav.new")}
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Table<TicketListFieldsFragment>
          rowKey="id"
          columns={columns}
          dataSource={list.rows}
          loading={!list.loaded && list.fetching}
          pagination={false}
          scroll={{ x: "max-content" }}
          onRow={(ticket) => ({ "data-testid": `portal-ticket-${ticket.number}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t("tickets.empty")} /> }}
          data-testid="portal-tickets"
        />
        {list.hasNextPage && (
          <Flex justify="center">
            <Button onClick={() => void list.loadMore()} loading={list.loadingMore}>
              {t("loadMore")}
            </Button>
          </Flex>
        )}
        {list.loaded && (
          <Typography.Text type="secondary">{t("tickets.count", { count: list.totalCount })}</Typography.Text>
        )}
      </Flex>
    </Card>
  );
};
