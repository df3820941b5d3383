"""The shipped presets: rule trees for the requirement's examples, named in every language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapport.core.i18n import Message, msg

#: A high-value repeat buyer spends at least this much (CNY) in a year.
HIGH_VALUE_AMOUNT = "10000.00"


@dataclass(frozen=True)
class Preset:
    """A ready-made rule tree a segment can start from."""

    key: str
    name: Message
    description: Message
    rules: dict[str, Any]


PRESETS: tuple[Preset, ...] = (
    Preset(
        "first_purchase",
        msg("New first-time buyers"),
        msg("Customers whose only order so far was placed in the last 30 days."),
        {
            "op": "and",
            "rules": [
                {"kind": "orderCount", "min": 1, "max": 1},
                {"kind": "orderCount", "days": 30, "min": 1},
            ],
        },
    ),
    Preset(
        "high_value_repeat",
        msg("High-value repeat buyers"),
        msg("Three or more orders worth 10,000 or more in the last year, or an RFM segment of high value or loyal."),
        {
            "op": "or",
            "rules": [
                {
                    "op": "and",
                    "rules": [
                        {"kind": "orderCount", "days": 365, "min": 3},
                        {"kind": "orderAmount", "days": 365, "min": HIGH_VALUE_AMOUNT},
                    ],
                },
                {"kind": "rfmSegment", "segments": ["high_value", "loyal"]},
            ],
        },
    ),
    Preset(
        "dormant_winback",
        msg("Dormant customers to win back"),
        msg("Customers who have ordered before but not in the last 180 days."),
        {"op": "and", "rules": [{"kind": "orderCount", "min": 1}, {"kind": "noOrder", "days": 180}]},
    ),
)

BY_KEY = {preset.key: preset for preset in PRESETS}
