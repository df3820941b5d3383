import { Card, Descriptions, Flex, Result, Skeleton, Space, Typography, message } from "antd";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";

import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { CampaignActions } from "../../modules/marketing/campaigns/CampaignActions";
import { CampaignCosts } from "../../modules/marketing/campaigns/CampaignCosts";
import { CAMPAIGN_DETAIL_QUERY } from "../../modules/marketing/campaigns/campaignDetailQuery";
import { CampaignForm } from "../../modules/marketing/campaigns/CampaignForm";
import { useCampaignPolling } from "../../modules/marketing/campaigns/campaignPolling";
import { CampaignProgressCard } from "../../modules/marketing/campaigns/CampaignProgressCard";
import { CampaignContentsCard } from "../../modules/marketing/campaigns/CampaignContentsCard";
import { CampaignStatusTag } from "../../modules/marketing/campaigns/CampaignStatusTag";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

const CampaignDetail = ({ id }: { id: string }) => {
  const { t } = useTranslation("marketing");
  const format = useFormatters();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: CAMPAIGN_DETAIL_QUERY, variables: { id }, requestPolicy: "cache-and-network" });
  const campaign = data?.campaign;
  // The draft form's unsaved edits: sending now would send the saved version and lose them.
  const [dirty, setDirty] = useState(false);
  const [messageApi, messageHolder] = message.useMessage();
  const refresh = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useCampaignPolling(campaign?.status, campaign?.scheduledAt, refresh);
  const reload = () => reexecute({ requestPolicy: "network-only" });
  const saved = () => {
    void messageApi.success(t("campaigns.draftSaved"));
    reload();
  };
  if (error && !data) return <RequestFailedResult error={error} onRetry={reload} />;
  if (fetching && !data) return <Skeleton active />;
  if (!campaign) return <Result status="404" title={t("campaigns.notFound")} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      {messageHolder}
      <Card size="small">
        <Flex align="center" gap={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="campaign-title">
            {campaign.name}
          </Typography.Title>
          <CampaignStatusTag status={campaign.status} />
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t("campaigns.field.goal")}>{campaign.goal ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("campaigns.field.channels")}>
            {campaign.channels.map((channel) => t(`campaigns.channel.${channel}`)).join(" / ") || "—"}
          </Descriptions.Item>
          <Descriptions.Item label={t("campaigns.field.budget")}>{campaign.budget == null ? "—" : format.money(campaign.budget)}</Descriptions.Item>
          <Descriptions.Item label={t("campaigns.field.segment")}>
            {campaign.segmentId ? (
              <Link to={`/marketing/segments/${campaign.segmentId}`} data-testid="campaign-segment-link">
                {t("campaigns.openSegment")}
              </Link>
            ) : (
              t("campaigns.noSegment")
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t("campaigns.column.audience")}>{format.number(campaign.audienceSize)}</Descriptions.Item>
          <Descriptions.Item label={t("campaigns.scheduledAt")}>{format.dateTime(campaign.scheduledAt)}</Descriptions.Item>
          <Descriptions.Item label={t("campaigns.startedAt")}>{format.dateTime(campaign.startedAt)}</Descriptions.Item>
          <Descriptions.Item label={t("campaigns.finishedAt")}>{format.dateTime(campaign.finishedAt)}</Descriptions.Item>
        </Descriptions>
        <CampaignActions campaign={campaign} onChanged={reload} unsaved={dirty && campaign.status === "DRAFT"} />
      </Card>
      {campaign.status !== "DRAFT" && <CampaignProgressCard progress={campaign.progress} />}
      {campaign.status !== "DRAFT" && <CampaignContentsCard contents={campaign.contents} />}
      {campaign.status === "DRAFT" && (
        <CampaignForm key={campaign.version} campaign={campaign} onSaved={saved} onReload={reload} onDirtyChange={setDirty} />
      )}
      <CampaignCosts campaign={campaign} onChanged={reload} />
    </Space>
  );
};

/** /marketing/campaigns/:id ("new" creates a draft): the draft's form, send / schedule / approve, live progress, costs. */
export const CampaignPage = () => {
  const { id = "new" } = useParams();
  const navigate = useNavigate();
  if (id !== "new") return <CampaignDetail id={id} />;
  return <CampaignForm campaign={null} onSaved={(saved) => void navigate(`/marketing/campaigns/${saved}`, { replace: true })} />;
};
