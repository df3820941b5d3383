"""The analytics domain's field groups of the shipped policy (granted in `rapport.core.authz.analytics_grants`)."""

from __future__ import annotations


def _names(text: str) -> list[str]:
    return text.split()


POLICY_FIELDS: dict[str, list[str]] = {
    # model runs
    "PredictionModelRun.all": _names(
        "id kind trainedAt trainAsOf testAsOf trainRows testRows positives auc baselineAuc precisionTopDecile brier "
        "baselineBrier promoted smallData durationMs note calibration"
    ),
    "PredictionRunBin.all": _names("decile rows predicted observed"),
    # trainings asked for now: where each model's newest request stands
    "PredictionTrainingRequest.all": _names("id kind status requestedAt startedAt finishedAt error run"),
    # dashboard layouts: what a viewer arranges on the home and dashboards pages
    "DashboardLayout.all": ["page", "source", "role", "version", "widgets", "updatedAt"],
    "DashboardWidget.all": ["id", "kind", "x", "y", "w", "h", "period", "filters"],
    # product affinity: rules and suggestions reveal what customers bought (granted where orders are read)
    "Customer.affinity": ["crossSell"],
    "ProductAffinityRule.all": _names(
        "antecedentCustomers consequentCustomers supportCustomers basketCustomers support confidence lift computedAt "
        "antecedent consequent summary"
    ),
    "CrossSellSuggestion.all": _names("confidence lift supportCustomers product because"),
    "ProductTarget.all": _names("customer likelihood because confidence rules"),
    # churn risk: the field on customers, its score and reasons (each reason is further filtered by the fields it
    # is computed from: `rapport.analytics.churn.reasons`)
    "Customer.churn": ["churnRisk"],
    "ChurnRisk.all": _names("probability band reasons scoredAt previousProbability previousScoredAt smallData"),
    "ChurnReason.all": _names("code text new"),
    # win probability, forecast, retrospective
    "Opportunity.winProbability": ["winProbability"],
    "OpportunityWinProbability.all": _names(
        "probability previousProbability previousScoredAt smallData reasons scoredAt"
    ),
    "WinForecast.all": _names("start end deals scored smallData expected low high"),
    "LostDealRetrospective.all": _names("lostDeals wonDeals factors"),
    "RetrospectiveFactor.all": _names("factor lostValue wonValue text"),
}
