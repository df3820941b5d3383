import { InfoCircleOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Flex, Grid, Result, Row, Segmented, Spin, Statistic, Table, Tooltip, Typography } from "antd";
import { MarketingFrame } from "../../modules/marketing/common/MarketingFrame";
import { useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";

import type { AttributionModel, MarketingDashboardQuery } from "../../generated/graphql";
import { loadDashboardsNamespace } from "../../i18n/dashboardsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { useMarketingFlowsStrings } from "../../i18n/useMarketingFlowsStrings";
import { DashboardPeriodPicker } from "../../modules/dashboards/components/DashboardPeriodPicker";
import { LazyEChart } from "../../modules/dashboards/components/LazyEChart";
import { barChartOption, funnelChartOption } from "../../modules/dashboards/utils/chartOptions";
import { periodFromSearchParams, periodSearchParams } from "../../modules/dashboards/utils/dashboardPeriod";
import { useFormatters } from "../../modules/format/hooks/useFormatters";
import { MARKETING_DASHBOARD_QUERY } from "../../modules/marketing/figures/graphql/marketingDashboardQuery";
import { ATTRIBUTION_MODELS, funnelTotals, modelFromSearchParams } from "../../modules/marketing/figures/utils/marketingFigures";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

type Row = MarketingDashboardQuery["byCampaign"][number];

/** Campaign and channel names on the ROI charts' axis, in pixels (phone, wider): longer ones are cut (the tooltip and
 * the table show them whole). */
const AXIS_LABEL_WIDTH = { phone: 96, wide: 200 };

const MarketingDashboard = () => {
  const { t } = useTranslation("marketingFlows");
  const format = useFormatters();
  const permissions = usePermissions();
  // Below antd's md breakpoint (phones) the figures are stacked cards: a seven-column table put cost and ROI off screen.
  const wide = Boolean(Grid.useBreakpoint().md);
  const [searchParams, setSearchParams] = useSearchParams();
  // Campaigns run for weeks: without a chosen period the dashboard shows this quarter.
  const period = periodFromSearchParams(searchParams.has("period") ? searchParams : new URLSearchParams({ period: "quarter" }));
  const model = modelFromSearchParams(searchParams);
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: MARKETING_DASHBOARD_QUERY,
    // Campaign names for whoever may read them (an analyst reads the figures, not the campaigns: ids then).
    variables: {
      period: { from: period.from, to: period.to },
      model,
      withCampaigns: permissions.canQuery("campaigns") && permissions.has("Campaign", "name"),
    },
  });
  const campaignNames = useMemo(
    () => new Map((data?.campaigns?.nodes ?? []).map((campaign) => [campaign.id, campaign.name])),
    [data],
  );

  const setModel = (next: AttributionModel) => {
    const params = new URLSearchParams(searchParams);
    params.set("model", next);
    setSearchParams(params);
  };
  const setPeriod = (kind: Parameters<typeof periodSearchParams>[0], range?: { from: string; last: string }) => {
    const params = periodSearchParams(kind, range);
    params.set("model", model);
    setSearchParams(params);
  };

  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;

  const money = (value: string | number) => format.moneyShort(value);
  const columns = (first: { title: string; render: (row: Row) => ReactNode }) => [
    { title: first.title, render: (_: unknown, row: Row) => first.render(row) },
    { title: t("dashboard.reach"), dataIndex: "reach", align: "right" as const },
    { title: t("dashboard.responses"), dataIndex: "responses", align: "right" as const },
    {
      title: <Tooltip title={t("dashboard.conversionsHint")}>{t("dashboard.conversionsAllTouches")}</Tooltip>,
      render: (_: unknown, row: Row) => format.number(row.conversions, 2),
      align: "right" as const,
    },
    { title: t("dashboard.revenue"), render: (_: unknown, row: Row) => money(row.attributedRevenue), align: "right" as const },
    { title: t("dashboard.cost"), render: (_: unknown, row: Row) => money(row.cost), align: "right" as const },
    { title: t("dashboard.roi"), render: (_: unknown, row: Row) => format.percent(row.roi, 1), align: "right" as const },
  ];
  const campaignName = (row: Row) => (row.campaignId ? (campaignNames.get(row.campaignId) ?? row.campaignId) : t("dashboard.none"));
  // The table's campaign names open the campaign, for those who may open it.
  const canOpenCampaign = permissions.canQuery("campaign");
  const campaignCell = (row: Row) =>
    row.campaignId && canOpenCampaign ? <Link to={`/marketing/campaigns/${row.campaignId}`}>{campaignName(row)}</Link> : campaignName(row);
  /** A channel's name in the reader's language (the figures name channels in lower case: email, sms, ...). */
  const channelName = (row: Row) =>
    row.channel ? t(`dashboard.channelName.${row.channel.toLowerCase()}` as never, { defaultValue: row.channel }) : t("dashboard.none");
  const totals = funnelTotals(data?.byCampaign ?? []);
  // Horizontal bars: names read along the axis whatever their number and length (vertical ones overlapped at 390 px).
  const roiBars = (rows: readonly Row[], name: (row: Row) => string) =>
    barChartOption({
      data: rows.map((row) => ({ name: name(row), value: row.roi ?? 0 })),
      seriesName: t("dashboard.roi"),
      valueFormat: (value) => format.percent(value, 1),
      horizontal: true,
      labelWidth: wide ? AXIS_LABEL_WIDTH.wide : AXIS_LABEL_WIDTH.phone,
    });
  const roiHeight = (rows: readonly Row[]) => Math.max(120, 40 + 32 * rows.length);
  /** The figures of each campaign or channel: a table on a wide screen, one card per row on a phone. */
  const figures = (testId: string, rows: readonly Row[], first: { title: string; render: (row: Row) => ReactNode }, key: (row: Row) => string) =>
    wide ? (
      <Table
        data-testid={testId}
        size="small"
        rowKey={key}
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={rows}
        columns={columns(first)}
      />
    ) : (
      <Flex vertical data-testid={testId}>
        {rows.map((row) => (
          <div key={key(row)} data-testid={`${testId}-item`} style={{ padding: "8px 0", borderBottom: "1px solid #f0f0f0" }}>
            <Typography.Text strong ellipsis style={{ display: "block" }}>
              {first.render(row)}
            </Typography.Text>
            <Row gutter={[8, 4]}>
              {[
                [t("dashboard.reach"), format.number(row.reach)],
                [t("dashboard.responses"), format.number(row.responses)],
                [t("dashboard.conversionsAllTouches"), format.number(row.conversions, 2)],
                [t("dashboard.revenue"), money(row.attributedRevenue)],
                [t("dashboard.cost"), money(row.cost)],
                [t("dashboard.roi"), format.percent(row.roi, 1)],
              ].map(([label, value]) => (
                <Col span={12} key={label}>
                  <Typography.Text type="secondary">{label}</Typography.Text> <Typography.Text>{value}</Typography.Text>
                </Col>
              ))}
            </Row>
          </div>
        ))}
      </Flex>
    );
  const ratio = data?.marketingSpendRatio;

  return (
    <Flex vertical gap={12} data-testid="marketing-dashboard">
      <Card size="small">
        <Flex gap={12} wrap align="center" justify="space-between">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("dashboard.title")}
          </Typography.Title>
          <DashboardPeriodPicker period={period} onChange={setPeriod} />
        </Flex>
        <Flex gap={8} wrap align="center" style={{ marginTop: 8, overflowX: "auto" }}>
          <Typography.Text>{t("dashboard.model")}</Typography.Text>
          <Segmented<AttributionModel>
            data-testid="attribution-model"
            value={model}
            onChange={setModel}
            options={ATTRIBUTION_MODELS.map((value) => ({
              value,
              label: <span data-testid={`model-${value}`}>{t(`model.${value}`)}</span>,
            }))}
          />
        </Flex>
      </Card>
      {fetching && !data && <Flex justify="center"><Spin /></Flex>}
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={12}>
              <Card
                size="small"
                title={t("dashboard.funnel")}
                extra={
                  <Tooltip title={t("dashboard.conversionsHint")}>
                    <InfoCircleOutlined aria-label={t("dashboard.conversionsHint")} data-testid="funnel-conversions-hint" />
                  </Tooltip>
                }
              >
                <LazyEChart
                  testId="marketing-funnel-chart"
                  height={260}
                  option={funnelChartOption({
                    data: [
                      { name: t("dashboard.reach"), value: totals.reach },
                      { name: t("dashboard.responses"), value: totals.responses },
                      { name: t("dashboard.conversionsAllTouches"), value: totals.conversions },
                    ],
                    seriesName: t("dashboard.funnel"),
                    valueFormat: (value) => format.number(value),
                  })}
                />
                {/* Clicks are people who clicked; conversions are credited over every touch (deliveries, lead
                    sources, page views), so the last step may exceed the one before: said, not hidden. */}
                <Typography.Text type="secondary" data-testid="funnel-note">
                  {t("dashboard.conversionsHint")}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t("dashboard.spendRatio")} data-testid="spend-ratio">
                <Flex gap={12} wrap justify="space-between">
                  <div>
                    <Statistic title={t("dashboard.spend")} value={money(ratio?.spend ?? 0)} />
                  </div>
                  <div>
                    <Statistic title={t("dashboard.salesRevenue")} value={money(ratio?.salesRevenue ?? 0)} />
                  </div>
                  <div>
                    <Statistic title={t("dashboard.ratio")} value={format.percent(ratio?.ratio, 1)} />
                  </div>
                </Flex>
              </Card>
              <Card size="small" title={t("dashboard.compare")} style={{ marginTop: 12 }}>
                <Alert type="info" showIcon title={t("dashboard.compareHint")} style={{ marginBottom: 8 }} />
                <Table
                  data-testid="attribution-compare"
                  size="small"
                  rowKey="model"
                  pagination={false}
                  scroll={{ x: "max-content" }}
                  dataSource={data.marketingAttributionCompare}
                  rowClassName={(row) => (row.model === model ? "ant-table-row-selected" : "")}
                  columns={[
                    { title: t("dashboard.model"), render: (_, row) => t(`model.${row.model}`) },
                    { title: t("dashboard.conversions"), render: (_, row) => format.number(row.conversions, 2), align: "right" },
                    { title: t("dashboard.revenue"), render: (_, row) => money(row.attributedRevenue), align: "right" },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={`${t("dashboard.byCampaign")} · ${t(`model.${model}`)}`}>
            <LazyEChart
              testId="marketing-roi-campaign-chart"
              height={roiHeight(data.byCampaign)}
              option={roiBars(data.byCampaign, campaignName)}
            />
            {figures(
              "figures-by-campaign",
              data.byCampaign,
              { title: t("dashboard.campaign"), render: campaignCell },
              (row) => row.campaignId ?? "none",
            )}
          </Card>
          <Card size="small" title={`${t("dashboard.byChannel")} · ${t(`model.${model}`)}`}>
            <LazyEChart
              testId="marketing-roi-channel-chart"
              height={roiHeight(data.byChannel)}
              option={roiBars(data.byChannel, channelName)}
            />
            {figures(
              "figures-by-channel",
              data.byChannel,
              { title: t("dashboard.channel"), render: channelName },
              (row) => row.channel ?? "none",
            )}
          </Card>
        </>
      )}
    </Flex>
  );
};

/** /marketing/dashboard: reach → responses → conversions, ROI by campaign and channel, attribution models, spend ratio. */
const MarketingDashboardPageContent = () => {
  const flows = useMarketingFlowsStrings();
  const dashboards = useLazyNamespace("dashboards", loadDashboardsNamespace);
  const ready = flows && dashboards;
  const { t } = useTranslation("marketingFlows");
  const permissions = usePermissions();
  if (!ready) return <Flex justify="center"><Spin /></Flex>;
  if (!permissions.canQuery("marketingFigures") || !permissions.has("Order", "totalAmount")) {
    return <Result status="403" title={t("dashboard.noAccess")} data-testid="no-access" />;
  }
  return <MarketingDashboard />;
};

/** The page inside the marketing workspace's frame (its section tabs stay in view). */
export const MarketingDashboardPage = () => (
  <MarketingFrame>
    <MarketingDashboardPageContent />
  </MarketingFrame>
);
