"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, ...) holds its types, inputs, queries, mutations, repository and service; this lists
what they add to Rapport.
"""

from __future__ import annotations

from rapport.graphql.kit import node_fetcher
from rapport.manifest import Manifest
from rapport.marketing import authz, scopes
from rapport.marketing.policy import POLICY_FIELDS
from rapport.marketing.segments.mutations import SegmentMutation
from rapport.marketing.segments.queries import SegmentQuery
from rapport.marketing.segments.repository import segment_by_id
from rapport.marketing.segments.types import Segment

MANIFEST = Manifest(
    name="marketing",
    queries=(SegmentQuery,),
    mutations=(SegmentMutation,),
    types=(Segment,),
    nodes={"Segment": node_fetcher(segment_by_id, Segment.from_row)},
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment",),
    argument_rules=authz.ARGUMENT_RULES,
    input_targets=authz.INPUT_TARGETS,
    policy_fields=POLICY_FIELDS,
)
