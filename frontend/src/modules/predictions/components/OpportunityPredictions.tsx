import { Card, Skeleton } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { loadPredictionsNamespace } from "../../../i18n/predictionsNamespace";
import { useLazyNamespace } from "../../../i18n/useLazyNamespace";
import { usePermissions } from "../../permissions/hooks/usePermissions";
import { useOpportunityPredictionsQuery } from "../hooks/useOpportunityPredictionsQuery";
import { opportunityPredictionsAccess } from "../utils/predictionAccess";
import { RetrospectiveFactors } from "./RetrospectiveFactors";
import { WinProbabilityCard } from "./WinProbabilityCard";

type OpportunityPredictionsProps = {
  opportunityId: string;
  status: "OPEN" | "WON" | "LOST";
};

/** The deal page's predictions: an open deal's win probability, a lost deal's retrospective (each if readable). */
export const OpportunityPredictions = ({ opportunityId, status }: OpportunityPredictionsProps) => {
  const permissions = usePermissions();
  const access = useMemo(() => opportunityPredictionsAccess(permissions, status === "LOST"), [permissions, status]);
  const withWin = access.withWin && status === "OPEN";
  const none = !withWin && !access.withRetrospective;
  const ready = useLazyNamespace("predictions", loadPredictionsNamespace);
  const [{ data, fetching }] = useOpportunityPredictionsQuery({ id: opportunityId, withWin, withRetrospective: access.withRetrospective }, none);
  if (none) return null;
  if (!ready || (fetching && !data)) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!data?.opportunity) return null;
  return (
    <>
      {withWin && data.opportunity.winProbability !== undefined && <WinProbabilityCard win={data.opportunity.winProbability} />}
      {access.withRetrospective && data.opportunityRetrospective && <RetrospectiveCard factors={data.opportunityRetrospective} />}
    </>
  );
};

const RetrospectiveCard = ({ factors }: { factors: readonly { factor: string; text: string }[] }) => {
  const { t } = useTranslation("predictions");
  return (
    <Card title={t("retrospective.title")} size="small" data-testid="opportunity-retrospective">
      <RetrospectiveFactors factors={factors} />
    </Card>
  );
};
