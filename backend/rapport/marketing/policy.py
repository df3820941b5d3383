"""The marketing domain's field groups of the shipped policy (granted in `rapport.core.authz.defaults`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "Segment.all": [
        "id",
        "version",
        "name",
        "description",
        "kind",
        "rules",
        "preset",
        "memberCount",
        "frozenAt",
        "owner",
        "team",
        "createdAt",
        "updatedAt",
        "members",
    ],
    "SegmentPreset.all": ["key", "name", "description", "rules"],
    "SegmentPreview.all": ["count", "sample"],
}
