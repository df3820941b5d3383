"""Helpers that read GraphQL responses in tests."""

from __future__ import annotations

from typing import Any


def end_cursor(value: Any) -> str | None:
    """The first `pageInfo.endCursor` of a response when its page has a next one."""
    if isinstance(value, dict):
        info = value.get("pageInfo")
        if isinstance(info, dict) and info.get("hasNextPage") and info.get("endCursor"):
            return str(info["endCursor"])
        for item in value.values():
            found = end_cursor(item)
            if found is not None:
                return found
    return None
