"""The analytics domain's manifest: churn risk, product affinity and targeting, win probability, dashboard layouts."""

from __future__ import annotations

from rapport.analytics.policy import POLICY_FIELDS
from rapport.manifest import Manifest

MANIFEST = Manifest(
    name="analytics",
    policy_fields=POLICY_FIELDS,
)
