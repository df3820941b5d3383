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
    # win probability, forecast, retrospective
    "Opportunity.winProbability": ["winProbability"],
    "OpportunityWinProbability.all": _names(
        "probability previousProbability previousScoredAt smallData reasons scoredAt"
    ),
    "WinForecast.all": _names("start end deals scored smallData expected low high"),
    "LostDealRetrospective.all": _names("lostDeals wonDeals factors"),
    "RetrospectiveFactor.all": _names("factor lostValue wonValue text"),
}
