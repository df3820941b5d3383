import { Flex, Progress, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";

import { periodFromSearchParams } from "../../dashboards/utils/dashboardPeriod";
import { DrillLink } from "../../dashboards/components/DrillLink";
import { drillDowns, type DrillPeriod } from "../../dashboards/utils/drillDown";
import { useFormatters } from "../../format/hooks/useFormatters";
import { HOME_FUNNEL_QUERY } from "../graphql/homeFunnelQuery";
import { HomeSection } from "./HomeSection";

/** A step's name, linking to the deals it counts. */
const StepName = ({ step, period, label }: { step: { stageKey: string; reached: number }; period: DrillPeriod; label: string }) => {
  const to = drillDowns.funnelStep(step.stageKey, period);
  return to ? (
    <DrillLink to={to} count={step.reached}>
      {label}
    </DrillLink>
  ) : (
    <>{label}</>
  );
};

/** The funnel of this quarter's deals: how many reached each stage, and how many went on. */
export const FunnelSection = () => {
  const { t } = useTranslation("home");
  const format = useFormatters();
  const quarter = useMemo(() => periodFromSearchParams(new URLSearchParams({ period: "quarter" }), dayjs()), []);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: HOME_FUNNEL_QUERY, variables: { from: quarter.from, to: quarter.to } });
  const steps = data?.salesFunnel ?? [];
  const widest = Math.max(1, ...steps.map((step) => step.reached));
  const empty = steps.every((step) => step.reached === 0);
  return (
    <HomeSection
      testId="home-section-funnel"
      title={t("funnel.title")}
      link={{ to: "/dashboards?period=quarter", label: t("toDashboards") }}
      fetching={fetching}
      error={error}
      onRetry={() => reexecute({ requestPolicy: "network-only" })}
      empty={empty}
      emptyText={t("funnel.empty")}
    >
      <Flex vertical gap={4} data-testid="home-funnel">
        {steps.map((step) => (
          <div key={step.stageKey} data-testid="funnel-step" data-stage={step.stageKey}>
            <Flex justify="space-between" gap={8}>
              <StepName step={step} period={quarter} label={step.stageName} />
              <Typography.Text type="secondary">
                {t("funnel.step", { reached: format.number(step.reached), amount: format.moneyShort(step.amount) })}
                {step.toNext !== null && ` · ${t("funnel.toNext", { rate: format.percent(step.toNext) })}`}
              </Typography.Text>
            </Flex>
            <Progress percent={(step.reached / widest) * 100} showInfo={false} size="small" />
          </div>
        ))}
      </Flex>
    </HomeSection>
  );
};
