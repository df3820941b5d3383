"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.affinity import models as affinity_models
from rapport.analytics.affinity.jobs import product_affinity
from rapport.analytics.affinity.queries import ROOTS as AFFINITY_ROOTS
from rapport.analytics.affinity.queries import AffinityQuery
from rapport.analytics.affinity.types import CUSTOMER_CROSS_SELL, CrossSellSuggestion, ProductAffinityRule
from rapport.analytics.churn import models as churn_models
from rapport.analytics.churn.jobs import churn_score, churn_train
from rapport.analytics.churn.queries import ARGUMENT_RULES as CHURN_ARGUMENT_RULES
from rapport.analytics.churn.queries import ROOTS as CHURN_ROOTS
from rapport.analytics.churn.queries import ChurnQuery
from rapport.analytics.churn.types import CUSTOMER_CHURN_RISK, ChurnRisk
from rapport.analytics.layouts.mutations import LayoutMutation
from rapport.analytics.layouts.queries import ROOTS as LAYOUT_ROOTS
from rapport.analytics.layouts.queries import LayoutQuery
from rapport.analytics.policy import POLICY_FIELDS
from rapport.analytics.runs import models as run_models
from rapport.analytics.runs.queries import ROOTS as RUN_ROOTS
from rapport.analytics.runs.queries import RunQuery
from rapport.analytics.runs.types import PredictionModelRun, PredictionRunBin
from rapport.analytics.training import models as training_models
from rapport.analytics.training.jobs import model_train_requests
from rapport.analytics.training.mutations import TrainingMutation
from rapport.analytics.training.queries import ROOTS as TRAINING_ROOTS
from rapport.analytics.training.queries import TrainingQuery
from rapport.analytics.training.types import PredictionTrainingRequest
from rapport.analytics.winprob import models as win_models
from rapport.analytics.winprob.jobs import win_probability, win_rescore
from rapport.analytics.winprob.queries import ARGUMENT_RULES as WIN_ARGUMENT_RULES
from rapport.analytics.winprob.queries import WinQuery
from rapport.analytics.winprob.types import OPPORTUNITY_WIN_PROBABILITY, OpportunityWinProbability
from rapport.core.authz.rules import InputTarget
from rapport.graphql.declare import Table
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    queries=(RunQuery, TrainingQuery, AffinityQuery, ChurnQuery, WinQuery, LayoutQuery),
    mutations=(LayoutMutation, TrainingMutation),
    tables=(
        Table(PredictionModelRun, run_models.PredictionModelRun),
        Table(PredictionRunBin, run_models.PredictionRunBin),
        Table(PredictionTrainingRequest, training_models.PredictionTrainingRequest),
        Table(ProductAffinityRule, affinity_models.ProductAffinityRule),
        Table(CrossSellSuggestion, affinity_models.ProductAffinityRule),
        Table(ChurnRisk, churn_models.CustomerChurnScore),
        Table(OpportunityWinProbability, win_models.OpportunityWinScore),
    ),
    roots={**RUN_ROOTS, **TRAINING_ROOTS, **AFFINITY_ROOTS, **CHURN_ROOTS, **LAYOUT_ROOTS},
    contributions=(CUSTOMER_CROSS_SELL, CUSTOMER_CHURN_RISK, OPPORTUNITY_WIN_PROBABILITY),
    jobs=(product_affinity, churn_train, churn_score, win_probability, win_rescore, model_train_requests),
    input_targets={
        "PredictionModelTrainInput": InputTarget("PredictionTrainingRequest", {"kind": None}),
        "DashboardLayoutSaveInput": InputTarget("DashboardLayout", {"page": None, "version": None}),
        "DashboardLayoutPublishInput": InputTarget("DashboardLayout", {"page": None, "version": None}),
    },
    argument_rules={**WIN_ARGUMENT_RULES, **CHURN_ARGUMENT_RULES},
    policy_fields=POLICY_FIELDS,
)
