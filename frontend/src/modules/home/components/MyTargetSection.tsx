import { Col, Flex, Progress, Row, Statistic } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { DrillLink } from "../../dashboards/components/DrillLink";
import { periodFromSearchParams } from "../../dashboards/utils/dashboardPeriod";
import { drillDowns } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_MY_TARGET_QUERY } from "../graphql/homeMyTargetQuery";
import { HomeSection } from "./HomeSection";

/** A rep's own month: target, won amount, attainment, and the won and newly opened deals behind them. */
export const MyTargetSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const month = useMemo(() => periodFromSearchParams(new URLSearchParams(), dayjs()), []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_MY_TARGET_QUERY, variables: { from: month.from, to: month.to } });
  // A rep's forecast holds their own target; their performance row (none until a deal moved this month), the counts.
  const mine = data?.salesForecast ?? null;
  const counts = data?.salesPerformance[0] ?? null;
  const won = counts ? drillDowns.wonDeals({ ownerId: counts.id ?? null }, month) : null;
  const opened = counts ? drillDowns.openDeals(counts.id ?? null, month) : null;
  return (
    <HomeSection
      testId="home-section-myTarget"
      title={t("myTarget.title")}
      link={{ to: "/dashboards", label: t("toDashboards") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={!mine}
      emptyText={t("myTarget.empty")}
    >
      {mine && (
        <Flex vertical gap={12}>
          <Row gutter={[16, 8]}>
            <Col xs={12} md={8}>
              <Statistic
                title={t("myTarget.target")}
                value={mine.target === null ? t("myTarget.noTarget") : format.moneyShort(mine.target)}
                data-testid="my-target"
              />
            </Col>
            <Col xs={12} md={8}>
              <Statistic title={t("myTarget.won")} value={format.moneyShort(mine.wonAmount)} data-testid="my-won" />
            </Col>
            <Col xs={24} md={8}>
              <Statistic title={t("myTarget.attainment")} value={format.percent(mine.attainment)} data-testid="my-attainment" />
            </Col>
          </Row>
          {mine.attainment !== null && (
            <Progress percent={Math.min(100, Math.round(mine.attainment * 1000) / 10)} showInfo={false} aria-label={t("myTarget.attainment")} />
          )}
          <Flex gap={16} wrap>
            {counts && won && (
              <DrillLink to={won} count={counts.won}>
                {t("myTarget.wonDeals", { count: counts.won })}
              </DrillLink>
            )}
            {counts && opened && (
              <DrillLink to={opened} count={counts.open}>
                {t("myTarget.openDeals", { count: counts.open })}
              </DrillLink>
            )}
          </Flex>
        </Flex>
      )}
    </HomeSection>
  );
};
