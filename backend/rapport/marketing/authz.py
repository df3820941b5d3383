"""What marketing arguments read and inputs write (listed in the marketing manifest)."""

from __future__ import annotations

from rapport.core.authz.rules import ArgumentRule, InputTarget, reads

INPUT_TARGETS = {
    "SegmentSaveInput": InputTarget("Segment"),
    "SegmentDeleteInput": InputTarget("Segment"),
    "SegmentFreezeInput": InputTarget("Segment"),
}

ARGUMENT_RULES: dict[tuple[str, str], ArgumentRule] = {
    ("Query.segments", "filter"): reads("Segment", {"kinds": "kind", "search": "name"}),
}
