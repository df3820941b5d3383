"""The analytics domain's field groups of the shipped policy (granted in `rapport.core.authz.analytics_grants`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {}
