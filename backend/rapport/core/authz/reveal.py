"""Showing sensitive values as the policy says: masked, or in clear (and then audited)."""

from __future__ import annotations

import uuid
from typing import Any

from rapport.core.authz.masking import MASKS
from rapport.core.authz.policy import Access


def reveal(context: Any, type_field: str, values: list[str], entity: tuple[str, uuid.UUID | str]) -> list[str]:
    """The values as the caller may see them; clear reads of sensitive fields are queued for the audit log."""
    if not values:
        return values
    access = context.policy.access(type_field)
    if access >= Access.READ:
        context.sensitive_reads.setdefault(entity, set()).add(type_field)
        return values
    mask = MASKS[type_field]
    return [mask(v) for v in values]


def reveal_one(context: Any, type_field: str, value: str | None, entity: tuple[str, uuid.UUID]) -> str | None:
    """One value as the caller may see it."""
    if value is None:
        return None
    return reveal(context, type_field, [value], entity)[0]
