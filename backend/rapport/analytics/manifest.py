"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.affinity import models as affinity_models
from rapport.analytics.affinity.jobs import product_affinity
from rapport.analytics.affinity.queries import ROOTS as AFFINITY_ROOTS
from rapport.analytics.affinity.queries import AffinityQuery
from rapport.analytics.affinity.types import CUSTOMER_CROSS_SELL, CrossSellSuggestion, ProductAffinityRule
from rapport.analytics.policy import POLICY_FIELDS
from rapport.graphql.declare import Table
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    queries=(AffinityQuery,),
    tables=(
        Table(ProductAffinityRule, affinity_models.ProductAffinityRule),
        Table(CrossSellSuggestion, affinity_models.ProductAffinityRule),
    ),
    roots=AFFINITY_ROOTS,
    contributions=(CUSTOMER_CROSS_SELL,),
    jobs=(product_affinity,),
    policy_fields=POLICY_FIELDS,
)
