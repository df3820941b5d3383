"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.churn.jobs import churn_score, churn_train
from rapport.analytics.churn.types import CUSTOMER_CHURN_RISK
from rapport.analytics.policy import POLICY_FIELDS
from rapport.analytics.runs import models as run_models
from rapport.analytics.runs.queries import ROOTS as RUN_ROOTS
from rapport.analytics.runs.queries import RunQuery
from rapport.analytics.runs.types import PredictionModelRun, PredictionRunBin
from rapport.graphql.declare import Table
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    queries=(RunQuery,),
    tables=(
        Table(PredictionModelRun, run_models.PredictionModelRun),
        Table(PredictionRunBin, run_models.PredictionRunBin),
    ),
    roots={**RUN_ROOTS},
    policy_fields=POLICY_FIELDS,
    contributions=(CUSTOMER_CHURN_RISK,),
    jobs=(churn_train, churn_score),
)
