"""Every Int the schema takes has a declared range (rapport.graphql.ranges), and every declaration is in use."""

from __future__ import annotations

from pathlib import Path

from rapport.assembly import build_schema
from rapport.graphql.ranges import INT_RANGES, int_coordinates


def test_every_int_argument_and_input_field_declares_its_range() -> None:
    coordinates = set(int_coordinates(build_schema()._schema))
    assert coordinates - set(INT_RANGES) == set(), "declare a range in rapport/graphql/ranges.py"
    assert set(INT_RANGES) - coordinates == set(), "a declared range names no Int of the schema"
    assert all(low <= high for low, high in INT_RANGES.values())


def test_docs_list_every_declared_range() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text()

    def shown(value: int) -> str:
        return f"{value:,}" if abs(value) >= 10_000 else str(value)

    missing = [c for c, (low, high) in INT_RANGES.items() if f"| `{c}` | {shown(low)} | {shown(high)} |" not in docs]
    assert missing == [], "update the table in docs/api.md, 'Numbers, dates and cursors'"
