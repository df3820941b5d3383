"""The shipped policy's grants of the analytics domain: predictions and dashboard layouts (part of
`rapport.core.authz.defaults`, which renders them with the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.core.authz.defaults import _Rules


def grant(r: _Rules) -> None:
    """Every analytics grant."""
    del r
