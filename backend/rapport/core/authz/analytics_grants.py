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


def grant(r: _Rules) -> None:
    """Every analytics grant."""
    _runs(r)
