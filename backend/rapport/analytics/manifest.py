"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.policy import POLICY_FIELDS
from rapport.analytics.runs import models as run_models
from rapport.analytics.runs.queries import ROOTS as RUN_ROOTS
from rapport.analytics.runs.queries import RunQuery
from rapport.analytics.runs.types import PredictionModelRun, PredictionRunBin
from rapport.analytics.winprob.jobs import win_probability
from rapport.analytics.winprob.queries import WinQuery
from rapport.analytics.winprob.types import OPPORTUNITY_WIN_PROBABILITY
from rapport.graphql.declare import Table
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    queries=(RunQuery, WinQuery),
    tables=(
        Table(PredictionModelRun, run_models.PredictionModelRun),
        Table(PredictionRunBin, run_models.PredictionRunBin),
    ),
    roots={**RUN_ROOTS},
    contributions=(OPPORTUNITY_WIN_PROBABILITY,),
    jobs=(win_probability,),
    policy_fields=POLICY_FIELDS,
)
