"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, `attribution`, ...) holds its types, inputs, queries, mutations, repository and service;
this lists what they add to Rapport.
"""

from __future__ import annotations

from rapport.manifest import Manifest
from rapport.marketing import scopes
from rapport.marketing.attribution.queries import ARGUMENT_RULES as ATTRIBUTION_RULES
from rapport.marketing.attribution.queries import AttributionQuery
from rapport.marketing.attribution.touches import move_on_merge
from rapport.marketing.jobs import lead_touches
from rapport.marketing.policy import POLICY_FIELDS

MANIFEST = Manifest(
    name="marketing",
    queries=(AttributionQuery,),
    jobs=(lead_touches,),
    merge_hooks=(move_on_merge,),
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment",),
    argument_rules=ATTRIBUTION_RULES,
    policy_fields=POLICY_FIELDS,
)
