import { DownOutlined } from "@ant-design/icons";
import { Button, Dropdown, Empty, Space, Table, Tooltip, Typography, type TableColumnsType } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { LeadStatus } from "../../../generated/graphql";
import { useFormatters } from "../../format/hooks/useFormatters";
import { GuardedField } from "../../permissions/components/GuardedField";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { SETTABLE_LEAD_STATUSES } from "../constants/leadStatuses";
import { useLeadSourceLabel } from "../hooks/useLeadSourceLabel";
import type { ListedLead } from "../types/ListedLead";
import { rowTestIdProps } from "../utils/testIdProps";
import { LeadStatusTag } from "./LeadStatusTag";

type LeadTableProps = {
  leads: readonly ListedLead[];
  loading: boolean;
  filtered: boolean;
  onSetStatus: (lead: ListedLead, status: LeadStatus) => void;
  onAssign: (lead: ListedLead) => void;
  onConvert: (lead: ListedLead) => void;
};

/** Leads with their contact details (as the viewer may see them), status, owner and what each allows. */
export const LeadTable = ({ leads, loading, filtered, onSetStatus, onAssign, onConvert }: LeadTableProps) => {
  const { t } = useTranslation(["sales", "common"]);
  const sourceLabel = useLeadSourceLabel();
  const format = useFormatters();
  const permissions = usePermissions();
  const canSetStatus = permissions.canMutate("leadStatusSet");
  const canAssign = permissions.canMutate("leadAssign") && permissions.canQuery("salesForce");
  const canConvert = permissions.canMutate("leadConvert");
  const hasActions = canSetStatus || canAssign || canConvert;

  const columns: TableColumnsType<ListedLead> = [
    {
      key: "name",
      title: t("leadField.name"),
      render: (_, lead) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid="lead-name">
            {lead.name}
          </Typography.Text>
          {(lead.company || lead.title) && (
            <Typography.Text type="secondary">{[lead.company, lead.title].filter(Boolean).join(" · ")}</Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: "contact",
      title: t("leads.contact"),
      render: (_, lead) => (
        <Space orientation="vertical" size={0}>
          {lead.phone && (
            <GuardedField type="Lead" field="phone">
              <span data-testid="lead-phone">{lead.phone}</span>
            </GuardedField>
          )}
          {lead.email && (
            <GuardedField type="Lead" field="email">
              <span data-testid="lead-email">{lead.email}</span>
            </GuardedField>
          )}
        </Space>
      ),
    },
    { key: "source", title: t("leadField.source"), render: (_, lead) => sourceLabel(lead.source) },
    {
      key: "region",
      title: t("leads.region"),
      render: (_, lead) => [lead.province, lead.city].filter(Boolean).join(" ") || "—",
    },
    {
      key: "score",
      title: t("leadField.score"),
      align: "right",
      render: (_, lead) => format.number(lead.score),
    },
    {
      key: "status",
      title: t("leads.status"),
      render: (_, lead) => (
        <Space size={4}>
          <LeadStatusTag status={lead.status} />
          {lead.submissions > 1 && (
            <Tooltip title={t("leads.submissionsHint")}>
              <Typography.Text type="secondary">×{lead.submissions}</Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: "owner",
      title: t("leadField.ownerId"),
      render: (_, lead) =>
        lead.owner ? lead.owner.name : <Typography.Text type="secondary">{t("leads.unassigned")}</Typography.Text>,
    },
    {
      key: "customer",
      title: t("leads.customer"),
      render: (_, lead) =>
        lead.customer ? (
          <Link to={`/customers/${lead.customer.id}`} data-testid="lead-customer-link">
            {lead.customer.name}
          </Link>
        ) : (
          "—"
        ),
    },
    {
      key: "createdAt",
      title: t("leads.createdAt"),
      render: (_, lead) => <Tooltip title={format.dateTime(lead.createdAt)}>{format.date(lead.createdAt)}</Tooltip>,
    },
  ];

  if (hasActions) {
    columns.push({
      key: "actions",
      title: t("common:actions"),
      fixed: "right",
      render: (_, lead) => {
        const open = lead.status !== "CONVERTED";
        return (
          <Space size={4} wrap>
            {canSetStatus && open && (
              <Dropdown
                trigger={["click"]}
                destroyOnHidden
                menu={{
                  items: SETTABLE_LEAD_STATUSES.filter((status) => status !== lead.status).map((status) => ({
                    key: status,
                    label: <span data-testid={`lead-status-to-${status}`}>{t(`leadStatus.${status}`)}</span>,
                    danger: status === "DISQUALIFIED",
                  })),
                  onClick: ({ key }) => {
                    const status = SETTABLE_LEAD_STATUSES.find((candidate) => candidate === key);
                    if (status) onSetStatus(lead, status);
                  },
                }}
              >
                <Button size="small" data-testid={`lead-status-menu-${lead.id}`}>
                  {t("leads.setStatus")} <DownOutlined />
                </Button>
              </Dropdown>
            )}
            {canAssign && open && (
              <Button size="small" onClick={() => onAssign(lead)} data-testid={`lead-assign-${lead.id}`}>
                {t("leads.assign")}
              </Button>
            )}
            {canConvert && open && lead.status !== "DISQUALIFIED" && (
              <Button size="small" type="primary" ghost onClick={() => onConvert(lead)} data-testid={`lead-convert-${lead.id}`}>
                {t("leads.convert")}
              </Button>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <Table<ListedLead>
      rowKey="id"
      columns={columns}
      dataSource={leads}
      loading={loading}
      pagination={false}
      scroll={{ x: "max-content" }}
      onRow={(lead) => rowTestIdProps(`lead-row-${lead.id}`)}
      locale={{
        emptyText: (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filtered ? "leads.emptyFiltered" : "leads.empty")} />
        ),
      }}
      data-testid="lead-table"
    />
  );
};
