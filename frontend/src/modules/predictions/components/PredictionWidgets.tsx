import { Flex, Skeleton, Statistic, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";

import { loadPredictionsNamespace } from "../../../i18n/predictionsNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import type { DashboardPeriod } from "../../dashboards/utils/dashboardPeriod";
import { useFormatters } from "../../format/hooks/useFormatters";
import { RequestFailedResult } from "../../ui/components/RequestFailedResult";
import { useDashboardLostDealsQuery } from "../hooks/useDashboardLostDealsQuery";
import { useDashboardWinForecastQuery } from "../hooks/useDashboardWinForecastQuery";
import { RetrospectiveFactors } from "./RetrospectiveFactors";

/** "Forecast with range": the period's expected won amount, and the P10–P90 range drawn as a bar. */
export const WinForecastWidget = ({ period }: { period: DashboardPeriod }) => {
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  const { t } = useTranslation("predictions");
  const format = useFormatters();
  const [{ data, error }, reexecute] = useDashboardWinForecastQuery({ from: period.from, to: period.to });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!ready || !data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const forecast = data.winForecast;
  const span = forecast.high > 0 ? forecast.high : 1;
  const at = (value: number) => `${Math.min(100, Math.max(0, (100 * value) / span))}%`;
  return (
    <Flex vertical gap={12} data-testid="win-forecast">
      <Statistic title={t("forecast.expected")} value={format.money(forecast.expected)} data-testid="win-forecast-expected" />
      <div>
        <Typography.Text type="secondary">{t("forecast.range")}</Typography.Text>
        <div style={{ position: "relative", height: 12, marginBlock: 8, background: "rgba(5, 5, 5, 0.06)", borderRadius: 6 }}>
          <div style={{ position: "absolute", left: at(forecast.low), right: 0, top: 0, bottom: 0, background: "#91caff", borderRadius: 6 }} />
          <div style={{ position: "absolute", left: at(forecast.expected), top: -3, bottom: -3, width: 3, background: "#0958d9" }} />
        </div>
        <Flex justify="space-between" wrap gap={8} data-testid="win-forecast-range">
          <Typography.Text>
            {t("forecast.low", { amount: format.money(forecast.low) })}
          </Typography.Text>
          <Typography.Text>
            {t("forecast.high", { amount: format.money(forecast.high) })}
          </Typography.Text>
        </Flex>
      </div>
      <Typography.Text type="secondary">{t("forecast.deals", { deals: forecast.deals, scored: forecast.scored })}</Typography.Text>
      {forecast.smallData && <Tag style={{ alignSelf: "flex-start" }}>{t("forecast.smallData")}</Tag>}
    </Flex>
  );
};

/** "Lost-deal retrospective": where the period's lost deals differed from the won ones, in words. */
export const LostDealsWidget = ({ period }: { period: DashboardPeriod }) => {
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  const { t } = useTranslation("predictions");
  const [{ data, error }, reexecute] = useDashboardLostDealsQuery({ from: period.from, to: period.to });
  if (error && !data) return <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!ready || !data) return <Skeleton active paragraph={{ rows: 3 }} />;
  const retrospective = data.lostDealRetrospective;
  return (
    <Flex vertical gap={4} data-testid="lost-deals">
      <Typography.Text strong>{t("retrospective.lost", { lost: retrospective.lostDeals, won: retrospective.wonDeals })}</Typography.Text>
      <RetrospectiveFactors factors={retrospective.factors} />
    </Flex>
  );
};
