import { Button, Checkbox, Flex, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import type { RiskLevel } from "../../generated/graphql";
import { loadPredictionsNamespace } from "../../i18n/predictionsNamespace";
import { useLazyNamespace } from "../../i18n/useLazyNamespace";
import { usePermissions } from "../../modules/permissions/hooks/usePermissions";
import { AtRiskCustomerList } from "../../modules/predictions/components/AtRiskCustomerList";
import { useCustomersAtRiskQuery } from "../../modules/predictions/hooks/useCustomersAtRiskQuery";
import { canSeeCustomersAtRisk } from "../../modules/predictions/utils/predictionAccess";
import { NoAccessResult } from "../../modules/sales/components/NoAccessResult";
import { PageLoading } from "../../modules/ui/components/PageLoading";
import { RequestFailedResult } from "../../modules/ui/components/RequestFailedResult";

/** Customers per page. */
export const PAGE_SIZE = 20;
const BANDS: readonly RiskLevel[] = ["HIGH", "MEDIUM"];

/** The bands of `?bands=HIGH,MEDIUM` (HIGH when none is valid). */
export const bandsFromParam = (value: string | null): RiskLevel[] => {
  const found = BANDS.filter((band) => (value ?? "").split(",").includes(band));
  return found.length > 0 ? found : ["HIGH"];
};

const AtRiskList = () => {
  const { t } = useTranslation("predictions");
  const [searchParams, setSearchParams] = useSearchParams();
  const bands = bandsFromParam(searchParams.get("bands"));
  const listed = bands.join(",");
  // The cursors of the pages before this one (a stack: "previous" pops it), of the bands they were read for: the
  // browser's back and forward buttons change the bands without the checkboxes, and another list's cursors mean
  // nothing here.
  const [paging, setPaging] = useState<{ bands: string; cursors: (string | null)[] }>({ bands: listed, cursors: [] });
  const cursors = paging.bands === listed ? paging.cursors : [];
  const setCursors = (next: (string | null)[]) => setPaging({ bands: listed, cursors: next });
  const after = cursors.length > 0 ? cursors[cursors.length - 1] : null;
  const [{ data, error, fetching }, reexecute] = useCustomersAtRiskQuery({ bands, first: PAGE_SIZE, after });
  const page = data?.customersAtRisk;
  return (
    <Flex vertical gap={12} data-testid="at-risk-page">
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t("atRisk.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("atRisk.intro")}</Typography.Paragraph>
      <Flex wrap gap={12} align="center" justify="space-between">
        <Checkbox.Group
          value={bands}
          options={BANDS.map((band) => ({ value: band, label: t(`churn.band.${band}`) }))}
          onChange={(values) => {
            setCursors([]);
            setSearchParams(values.length > 0 ? { bands: values.join(",") } : {});
          }}
          data-testid="at-risk-bands"
        />
        {page && <Typography.Text type="secondary">{t("atRisk.total", { count: page.totalCount })}</Typography.Text>}
      </Flex>
      {error && !data ? (
        <RequestFailedResult error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : (
        <AtRiskCustomerList customers={page?.nodes ?? []} loading={fetching && !page} />
      )}
      <Flex gap={8} justify="flex-end">
        <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))} data-testid="at-risk-previous">
          {t("atRisk.previous")}
        </Button>
        <Button
          disabled={!page?.pageInfo.hasNextPage}
          onClick={() => page && setCursors([...cursors, page.pageInfo.endCursor ?? null])}
          data-testid="at-risk-next"
        >
          {t("atRisk.next")}
        </Button>
      </Flex>
    </Flex>
  );
};

/** /customers/at-risk: the viewer's customers at churn risk, riskiest first, a page at a time (the widget's "view
 * all"); roles that may not read churn risk get the not-allowed page. */
export const CustomersAtRiskPage = () => {
  const permissions = usePermissions();
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  if (!canSeeCustomersAtRisk(permissions)) return <NoAccessResult />;
  return ready ? <AtRiskList /> : <PageLoading />;
};
