"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.layouts.mutations import LayoutMutation
from rapport.analytics.layouts.queries import ROOTS as LAYOUT_ROOTS
from rapport.analytics.layouts.queries import LayoutQuery
from rapport.analytics.policy import POLICY_FIELDS
from rapport.core.authz.rules import InputTarget
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    queries=(LayoutQuery,),
    mutations=(LayoutMutation,),
    roots={**LAYOUT_ROOTS},
    input_targets={
        "DashboardLayoutSaveInput": InputTarget("DashboardLayout", {"page": None, "version": None}),
        "DashboardLayoutPublishInput": InputTarget("DashboardLayout", {"page": None}),
    },
    policy_fields=POLICY_FIELDS,
)
