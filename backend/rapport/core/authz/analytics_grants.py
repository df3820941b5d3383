"""The shipped policy's grants of the analytics domain: predictions and dashboard layouts (part of
`rapport.core.authz.defaults`, which renders them with the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.core.authz.defaults import _Rules


RUN_GROUPS = ["PredictionModelRun.all", "PredictionRunBin.all"]


def _runs(r: _Rules) -> None:
    # How well the models do (measures, calibration, promotion): administrators and analysts.
    for role in ("admin", "analyst"):
        r.fields(role, RUN_GROUPS, "read")
        r.roots(role, "Query", "predictionRuns")


WIN_GROUPS = [
    "Opportunity.winProbability",
    "OpportunityWinProbability.all",
    "WinForecast.all",
    "LostDealRetrospective.all",
    "RetrospectiveFactor.all",
]


def _win(r: _Rules) -> None:
    # Win probability, the forecast and the retrospective: whoever works or analyses deals, within their Opportunity
    # row scope (reasons and factors about amounts or activities only for those who may read them). Service and
    # marketing read no opportunities, so they get none; integrators and the portal neither.
    for role in ("sales_rep", "analyst", "admin"):
        r.fields(role, WIN_GROUPS, "read")
        r.roots(role, "Query", "winProbability")


def grant(r: _Rules) -> None:
    """Every analytics grant."""
    _runs(r)
    _win(r)
