"""The marketing domain's field groups of the shipped policy (granted in `rapport.core.authz.defaults`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {}
