import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Progress, Select, Table } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useQuery } from "urql";

import type { CampaignListQuery, CampaignStatus } from "../../generated/graphql";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { progressBarProps } from "../../modules/marketing/campaigns/CampaignProgressCard";
import { CampaignStatusTag } from "../../modules/marketing/campaigns/CampaignStatusTag";
import { CAMPAIGN_LIST_QUERY } from "../../modules/marketing/campaigns/campaignListQuery";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { CursorPager } from "../../modules/ui/components/CursorPager";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";
import { useCursorPages } from "../../modules/ui/hooks/useCursorPages";

type Row = CampaignListQuery["campaigns"]["nodes"][number];
const STATUSES: CampaignStatus[] = ["DRAFT", "SCHEDULED", "SENDING", "DONE", "CANCELLED"];

const CampaignsList = () => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const permissions = usePermissions();
  const navigate = useNavigate();
  const [statuses, setStatuses] = useState<CampaignStatus[]>([]);
  const pages = useCursorPages(statuses.join(","));
  const context = useMemo(() => ({ additionalTypenames: ["Campaign"] }), []);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: CAMPAIGN_LIST_QUERY,
    variables: { first: 20, after: pages.after, filter: statuses.length > 0 ? { statuses } : null },
    context,
  });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  const connection = data?.campaigns;
  return (
    <>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 16 }}>
        <Select<CampaignStatus[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 220 }}
          placeholder={t("campaigns.filterStatus")}
          value={statuses}
          onChange={setStatuses}
          options={STATUSES.map((status) => ({ value: status, label: t(`campaigns.status.${status}`) }))}
        />
        {permissions.canMutate("campaignSave") && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate("/marketing/campaigns/new")} data-testid="campaign-new">
            {t("campaigns.new")}
          </Button>
        )}
      </Flex>
      <Table<Row>
        rowKey="id"
        loading={fetching}
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={connection?.nodes ?? []}
        data-testid="campaign-table"
        columns={[
          { key: "name", title: t("campaigns.field.name"), render: (_, row) => <Link to={`/marketing/campaigns/${row.id}`}>{row.name}</Link> },
          { key: "status", title: t("campaigns.column.status"), render: (_, row) => <CampaignStatusTag status={row.status} /> },
          {
            key: "channels",
            title: t("campaigns.field.channels"),
            render: (_, row) => row.channels.map((channel) => t(`campaigns.channel.${channel}`)).join(" / "),
          },
          { key: "audience", title: t("campaigns.column.audience"), align: "right", render: (_, row) => format.number(row.audienceSize) },
          {
            key: "progress",
            title: t("campaigns.progress"),
            render: (_, row) => <Progress {...progressBarProps(row.progress)} size="small" style={{ width: 120 }} />,
          },
          { key: "updated", title: t("campaigns.column.updated"), render: (_, row) => format.dateTime(row.updatedAt) },
        ]}
      />
      <CursorPager pages={pages} pageInfo={connection?.pageInfo ?? null} totalCount={connection?.totalCount ?? null} disabled={fetching} testId="campaign-pager" />
    </>
  );
};

/** /marketing/campaigns: campaigns with their status and progress. */
export const CampaignsPage = CampaignsList;
