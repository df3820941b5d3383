"""The marketing domain's manifest: segments, consent and suppression, campaigns, journeys, tracking, attribution.

Each feature (`segments`, ...) holds its types, inputs, queries, mutations, repository and service; this lists
what they add to Rapport.
"""

from __future__ import annotations

from rapport.manifest import Manifest
from rapport.marketing import scopes
from rapport.marketing.policy import POLICY_FIELDS

MANIFEST = Manifest(
    name="marketing",
    row_scopes=scopes.ROW_SCOPES,
    scoped_types=("Segment",),
    policy_fields=POLICY_FIELDS,
)
