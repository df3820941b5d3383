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


CHURN_GROUPS = ["Customer.churn", "ChurnRisk.all", "ChurnReason.all"]
#: Who reads churn risk: the sales roles, the service roles, marketing and analysts (admins read everything);
#: integrators and portal customers do not. Which reasons each sees follows their access to the source fields.
CHURN_READERS = ("admin", "sales_rep", "service_agent", "marketing", "analyst")


def _churn(r: _Rules) -> None:
    for role in CHURN_READERS:  # managers, directors and supervisors inherit from these
        r.fields(role, CHURN_GROUPS, "read")


def grant(r: _Rules) -> None:
    """Every analytics grant."""
    _runs(r)
    _churn(r)
