import { Col, Flex, Progress, Row, Statistic, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useQuery } from "urql";

import { DrillLink } from "../../dashboards/components/DrillLink";
import { LazyEChart } from "../../dashboards/components/LazyEChart";
import { byKeyUnknownLast, drillDowns } from "../../dashboards/utils/drillDown";
import { useChartFormatters } from "../../dashboards/hooks/useChartFormatters";
import { useDashboardLabels } from "../../dashboards/hooks/useDashboardLabels";
import type { ChartClick } from "../../dashboards/types/ChartClick";
import { pieChartOption } from "../../dashboards/utils/chartOptions";
import { HOME_CUSTOMER_SEGMENTS_QUERY } from "../graphql/homeCustomerSegmentsQuery";
import { HomeSection } from "./HomeSection";

/** Regions listed. */
const TOP_REGIONS = 5;

/** The customer base at a glance: RFM segments, grades and the largest regions, each opening the filtered list. */
export const CustomerSegmentsSection = () => {
  const { t } = useTranslation("home");
  const format = useChartFormatters();
  const labels = useDashboardLabels();
  const navigate = useNavigate();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_CUSTOMER_SEGMENTS_QUERY });
  const segments = useMemo(() => data?.rfm.groups ?? [], [data]);
  const grades = useMemo(
    () => [...(data?.grades.groups ?? [])].sort(byKeyUnknownLast),
    [data],
  );
  const regions = (data?.regions.groups ?? []).filter((group) => group.key !== null).slice(0, TOP_REGIONS);
  const option = useMemo(
    () =>
      pieChartOption({
        data: segments.map((group) => ({ name: labels.segment(group.key), value: group.customers })),
        seriesName: t("segments.customers"),
        valueFormat: format.count,
      }),
    [segments, labels, t, format],
  );
  const onSegmentClick = useCallback(
    (click: ChartClick) => {
      const path = drillDowns.customerGroup("rfm", segments[click.dataIndex]?.key ?? null);
      if (path) void navigate(path);
    },
    [segments, navigate],
  );

  return (
    <HomeSection
      testId="home-section-customerSegments"
      title={t("segments.title")}
      count={data?.rfm.total}
      link={{ to: "/dashboards", label: t("toDashboards") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={!data || data.rfm.total === 0}
      emptyText={t("segments.empty")}
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Title level={5}>{t("segments.rfm")}</Typography.Title>
          <LazyEChart option={option} height={220} onItemClick={onSegmentClick} testId="home-rfm-chart" />
          <Flex gap={8} wrap data-testid="home-rfm-segments">
            {segments.map((group) => {
              const path = drillDowns.customerGroup("rfm", group.key);
              const text = `${labels.segment(group.key)} ${format.count(group.customers)}`;
              return path ? (
                <DrillLink key={group.key ?? "none"} to={path} count={group.customers}>
                  {text}
                </DrillLink>
              ) : (
                <span key="none">{text}</span>
              );
            })}
          </Flex>
        </Col>
        <Col xs={24} lg={6}>
          <Typography.Title level={5}>{t("segments.grades")}</Typography.Title>
          <Row gutter={[8, 8]} data-testid="home-grades">
            {grades.map((group) => {
              const path = drillDowns.customerGroup("grade", group.key);
              const title = labels.grade(group.key);
              return (
                <Col span={12} key={group.key ?? "none"}>
                  <Statistic
                    title={
                      path ? (
                        <DrillLink to={path} count={group.customers}>
                          {title}
                        </DrillLink>
                      ) : (
                        title
                      )
                    }
                    value={format.count(group.customers)}
                  />
                </Col>
              );
            })}
          </Row>
        </Col>
        <Col xs={24} lg={8}>
          <Typography.Title level={5}>{t("segments.regions")}</Typography.Title>
          <Flex vertical gap={4} data-testid="home-regions">
            {regions.map((group) => (
              <div key={group.key}>
                <Flex justify="space-between">
                  <DrillLink to={drillDowns.customerGroup("region", group.key) ?? "/customers"} count={group.customers}>
                    {group.key}
                  </DrillLink>
                  <Typography.Text type="secondary">
                    {format.count(group.customers)} · {format.percent(group.share)}
                  </Typography.Text>
                </Flex>
                <Progress percent={group.share * 100} showInfo={false} size="small" />
              </div>
            ))}
          </Flex>
        </Col>
      </Row>
    </HomeSection>
  );
};
