"""Checking the widgets of a layout before it is stored: known kinds for the page, at most 40, unique ids, a place
on the grid of 12 columns, a known period and small filters with the keys the kind takes. A problem answers
BAD_USER_INPUT naming the widget (the mutation then changes nothing)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapport.analytics.layouts.catalogue import FILTER_VALUES, PERIODS, WIDGET_KINDS
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg

#: The grid: 12 columns; rows as many as a page needs, within reason.
COLUMNS = 12
MAX_WIDGETS = 40
MAX_Y = 1_000
MAX_H = 40
#: A filters object, as JSON, takes at most this many characters.
MAX_FILTER_CHARS = 1_000
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class WidgetDraft:
    """One widget as an input gives it."""

    id: str
    kind: str
    x: int
    y: int
    w: int
    h: int
    period: str | None = None
    filters: Any = None


def _filters(index: int, kind: str, filters: Any) -> dict[str, list[str]] | None:
    field = f"widgets.{index}.filters"
    if filters is None:
        return None
    if not isinstance(filters, dict):
        raise BadUserInputError(msg("Widget {n}: filters are a JSON object.", n=index + 1), field=field)
    allowed = WIDGET_KINDS[kind].filters
    checked: dict[str, list[str]] = {}
    for key, values in filters.items():
        if key not in allowed:
            raise BadUserInputError(
                msg("Widget {n}: {kind} takes no filter {key}.", n=index + 1, kind=kind, key=key), field=field
            )
        known = FILTER_VALUES[key]
        if not isinstance(values, list) or not all(isinstance(v, str) and v in known for v in values):
            raise BadUserInputError(
                msg(
                    "Widget {n}: filter {key} is a list of {values}.",
                    n=index + 1,
                    key=key,
                    values=", ".join(sorted(known)),
                ),
                field=field,
            )
        checked[key] = sorted(set(values))
    # measured once the shape is known to be flat (a deeply nested value would overflow json.dumps' recursion)
    if len(json.dumps(filters, ensure_ascii=False)) > MAX_FILTER_CHARS:
        raise BadUserInputError(msg("Widget {n}: filters are too large.", n=index + 1), field=field)
    return checked or None


def _place(index: int, widget: WidgetDraft) -> None:
    field = f"widgets.{index}"
    if not 0 <= widget.x < COLUMNS or not 1 <= widget.w <= COLUMNS or widget.x + widget.w > COLUMNS:
        raise BadUserInputError(
            msg("Widget {n}: x and w must keep it within the 12 columns.", n=index + 1), field=field
        )
    if not 0 <= widget.y <= MAX_Y or not 1 <= widget.h <= MAX_H:
        raise BadUserInputError(msg("Widget {n}: y is 0 to 1000 and h 1 to 40.", n=index + 1), field=field)


def _period(index: int, widget: WidgetDraft, takes_period: bool) -> None:
    if widget.period is None:
        return
    field = f"widgets.{index}.period"
    if not takes_period:
        raise BadUserInputError(msg("Widget {n}: {kind} takes no period.", n=index + 1, kind=widget.kind), field=field)
    if widget.period not in PERIODS:
        periods = ", ".join(PERIODS)
        raise BadUserInputError(
            msg("Widget {n}: the period is one of {periods}, or none.", n=index + 1, periods=periods), field=field
        )


def checked_widgets(page: str, widgets: Sequence[WidgetDraft]) -> list[dict[str, Any]]:
    """The widgets as stored (every field under its GraphQL name), in layout order (top to bottom, left to right);
    BAD_USER_INPUT naming the first problem."""
    if len(widgets) > MAX_WIDGETS:
        raise BadUserInputError(msg("A layout holds at most {max} widgets.", max=MAX_WIDGETS), field="widgets")
    seen: set[str] = set()
    stored = []
    for index, widget in enumerate(widgets):
        if not _ID.match(widget.id) or widget.id in seen:
            raise BadUserInputError(
                msg("Widget {n}: ids are unique, 1 to 64 letters, digits, - or _.", n=index + 1),
                field=f"widgets.{index}.id",
            )
        seen.add(widget.id)
        kind = WIDGET_KINDS.get(widget.kind)
        if kind is None or page not in kind.pages:
            raise BadUserInputError(
                msg("Widget {n}: no widget {kind} on this page.", n=index + 1, kind=widget.kind),
                field=f"widgets.{index}.kind",
            )
        _place(index, widget)
        _period(index, widget, kind.period)
        filters = _filters(index, widget.kind, widget.filters)
        stored.append(
            {"id": widget.id, "kind": widget.kind, "x": widget.x, "y": widget.y, "w": widget.w, "h": widget.h}
            | {"period": widget.period, "filters": filters}
        )
    return sorted(stored, key=lambda item: (item["y"], item["x"]))
