"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, `journeys`, `attribution`, ...) holds its types, inputs, queries, mutations, repository and
service; this lists what they add to Rapport.
"""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget
from rapport.manifest import Manifest
from rapport.marketing import scopes
from rapport.marketing.attribution.queries import ARGUMENT_RULES as ATTRIBUTION_RULES
from rapport.marketing.attribution.queries import AttributionQuery
from rapport.marketing.attribution.touches import move_on_merge
from rapport.marketing.jobs import lead_touches
from rapport.marketing.journeys.jobs import journey_steps, journey_triggers
from rapport.marketing.journeys.mutations import JourneyMutation
from rapport.marketing.journeys.queries import JOURNEY_NODE, JourneyQuery
from rapport.marketing.journeys.tracking import ROUTES as TRACKING_ROUTES
from rapport.marketing.journeys.types import Journey
from rapport.marketing.policy import POLICY_FIELDS

MANIFEST = Manifest(
    name="marketing",
    queries=(JourneyQuery, AttributionQuery),
    mutations=(JourneyMutation,),
    types=(Journey,),
    nodes={"Journey": JOURNEY_NODE},
    jobs=(journey_triggers, journey_steps, lead_touches),
    merge_hooks=(move_on_merge,),
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment", "Journey"),
    argument_rules=ATTRIBUTION_RULES,
    input_targets={
        "JourneySaveInput": InputTarget("Journey"),
        "JourneyStatusInput": InputTarget("Journey", {"version": None}),
        "JourneyDryRunInput": InputTarget("Journey", {"limit": None}),
    },
    policy_fields=POLICY_FIELDS,
    routes=TRACKING_ROUTES,
)
