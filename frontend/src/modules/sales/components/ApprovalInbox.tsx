import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { Button, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography, message, type TableColumnsType } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { ApprovalStatus } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { CursorPager } from "../../ui/components/CursorPager";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useCursorPages } from "../../ui/hooks/useCursorPages";
import { SALES_LIST_PAGE_SIZE } from "../constants/salesPageSizes";
import { useApprovalInboxQuery } from "../hooks/useApprovalInboxQuery";
import type { InboxApproval } from "../types/InboxApproval";
import { rowTestIdProps } from "../utils/testIdProps";
import { ApprovalDecisionModal, type ApprovalDecisionResult } from "./ApprovalDecisionModal";

export type ApprovalTab = "pending" | "decided";

const STATUSES: Record<ApprovalTab, ApprovalStatus[]> = {
  pending: ["PENDING"],
  decided: ["APPROVED", "REJECTED", "CANCELLED"],
};

const STATUS_COLORS: Record<ApprovalStatus, string> = {
  PENDING: "gold",
  APPROVED: "green",
  REJECTED: "red",
  CANCELLED: "default",
};

type Decision = { approval: InboxApproval; approve: boolean };

/** One tab of the approvals inbox: pending requests to decide, or the decided and cancelled ones. */
export const ApprovalInbox = ({ tab }: { tab: ApprovalTab }) => {
  const { t } = useTranslation(["sales", "common"]);
  const format = useFormatters();
  const permissions = usePermissions();
  const canDecide = permissions.canMutate("approvalDecide") && tab === "pending";
  const pages = useCursorPages(tab);
  const [{ data, fetching, error }, reexecute] = useApprovalInboxQuery({
    first: SALES_LIST_PAGE_SIZE,
    after: pages.after,
    filter: { statuses: STATUSES[tab] },
  });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [messageApi, messageHolder] = message.useMessage();

  const onDecided = (result: ApprovalDecisionResult) => {
    const name = decision?.approval.opportunity?.name ?? "";
    const toStage = decision?.approval.toStage?.name ?? "—";
    setDecision(null);
    if (result === "alreadyDecided") {
      void messageApi.warning(t("approvals.alreadyDecided"));
      reexecute({ requestPolicy: "network-only" });
    } else if (result === "approved") {
      void messageApi.success(t("approvals.approved", { name, stage: toStage }));
    } else {
      void messageApi.info(t("approvals.rejected", { name }));
    }
  };

  if (!data) {
    if (error) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
    return <Skeleton active paragraph={{ rows: 4 }} />;
  }
  const connection = data.approvals;

  const columns: TableColumnsType<InboxApproval> = [
    {
      key: "opportunity",
      title: t("approvals.opportunity"),
      render: (_, approval) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{approval.opportunity?.name ?? "—"}</Typography.Text>
          {approval.opportunity?.customer && (
            <Link to={`/customers/${approval.opportunity.customer.id}`}>{approval.opportunity.customer.name}</Link>
          )}
        </Space>
      ),
    },
    {
      key: "amount",
      title: t("approvals.amount"),
      align: "right",
      render: (_, approval) => format.money(approval.amount),
    },
    {
      key: "stage",
      title: t("approvals.requestedStage"),
      render: (_, approval) => (
        <Space size={4} wrap>
          <Tag>{approval.opportunity?.stage?.name ?? "—"}</Tag>→<Tag color="blue">{approval.toStage?.name ?? "—"}</Tag>
        </Space>
      ),
    },
    { key: "requester", title: t("approvals.requester"), render: (_, approval) => approval.requestedBy?.name ?? "—" },
    {
      key: "requestedAt",
      title: t("approvals.requestedAt"),
      render: (_, approval) => (
        <Tooltip title={format.dateTime(approval.createdAt)}>{format.relative(approval.createdAt)}</Tooltip>
      ),
    },
    ...(tab === "decided"
      ? ([
          {
            key: "status",
            title: t("approvals.status"),
            render: (_, approval) => <Tag color={STATUS_COLORS[approval.status]}>{t(`approvalStatus.${approval.status}`)}</Tag>,
          },
          {
            key: "decided",
            title: t("approvals.decidedBy"),
            render: (_, approval) => (
              <Space orientation="vertical" size={0}>
                <span>{approval.decidedBy?.name ?? "—"}</span>
                <Typography.Text type="secondary">{format.dateTime(approval.decidedAt)}</Typography.Text>
              </Space>
            ),
          },
          { key: "comment", title: t("approvals.comment"), render: (_, approval) => approval.comment ?? "—" },
        ] satisfies TableColumnsType<InboxApproval>)
      : []),
    ...(canDecide
      ? ([
          {
            key: "actions",
            title: t("common:actions"),
            render: (_, approval) => (
              <Space>
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined />}
                  onClick={() => setDecision({ approval, approve: true })}
                  data-testid={`approval-approve-${approval.id}`}
                >
                  {t("approvals.approve")}
                </Button>
                <Button
                  danger
                  size="small"
                  icon={<CloseOutlined />}
                  onClick={() => setDecision({ approval, approve: false })}
                  data-testid={`approval-reject-${approval.id}`}
                >
                  {t("approvals.reject")}
                </Button>
              </Space>
            ),
          },
        ] satisfies TableColumnsType<InboxApproval>)
      : []),
  ];

  return (
    <>
      {messageHolder}
      <Table<InboxApproval>
        rowKey="id"
        columns={columns}
        dataSource={connection.nodes}
        loading={fetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        onRow={(approval) => rowTestIdProps(`approval-row-${approval.id}`)}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t(tab === "pending" ? "approvals.emptyPending" : "approvals.emptyDecided")}
            />
          ),
        }}
        data-testid={`approvals-${tab}`}
      />
      <CursorPager testId="approvals-pager" pages={pages} pageInfo={connection.pageInfo} totalCount={connection.totalCount} disabled={fetching} />
      {decision && (
        <ApprovalDecisionModal
          approval={decision.approval}
          approve={decision.approve}
          onClose={() => setDecision(null)}
          onDecided={onDecided}
        />
      )}
    </>
  );
};
