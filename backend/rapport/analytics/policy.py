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
    # dashboard layouts: what a viewer arranges on the home and dashboards pages
    "DashboardLayout.all": ["page", "source", "role", "version", "widgets", "updatedAt"],
    "DashboardWidget.all": ["id", "kind", "x", "y", "w", "h", "period", "filters"],
}
