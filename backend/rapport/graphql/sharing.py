"""Subscription events executed once and shared by every subscriber for whom the result is the same.

A live event reaches hundreds of subscribers; executing the same selection for each is the dominant cost.
When the event object carries a `_shared_results` dict, the executor keys the result by operation,
variables and what the result can depend on: the caller's roles, the version of the policy in force
(masking) and the caller's language (text for people), and also the caller themself (user, team) when the
selection reaches row-scoped data. Selections that read sensitive fields in clear are never shared, so every
subscriber's read is audited.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import orjson
from graphql import DocumentNode, OperationType

from rapport.core.authz.enforce import all_selected_fields
from rapport.core.authz.masking import MASKS
from rapport.graphql.guarded import GuardedExecutor

#: Selected `Type.field`s whose results depend on who is asking, not only on their roles.
VIEWER_DEPENDENT_TYPES = frozenset({"Customer"})
VIEWER_DEPENDENT_FIELDS = frozenset({"User.permissions"})

_KINDS: dict[tuple[int, str | None], str] = {}


def _kind(executor: Any) -> str:
    """`roles` (shareable by role set), `viewer` (by the caller) or `none` (never shared) for a selection."""
    location = executor.operation.loc
    text = location.source.body if location is not None else None
    key = (id(executor.schema), text)
    known = _KINDS.get(key) if text is not None else None
    if known is not None:
        return known
    document = DocumentNode(definitions=(executor.operation, *(f.definition for f in executor.fragments.values())))
    names = {name for name, _ in all_selected_fields(executor.schema, document)}
    if names & set(MASKS):
        kind = "none"
    elif any(n.split(".")[0] in VIEWER_DEPENDENT_TYPES or n.endswith(".customer") for n in names) or (
        names & VIEWER_DEPENDENT_FIELDS
    ):
        kind = "viewer"
    else:
        kind = "roles"
    if text is not None and len(_KINDS) < 4096:
        _KINDS[key] = kind
    return kind


class SharingExecutionContext(GuardedExecutor):
    """Strawberry's execution context, sharing subscription-event results between equivalent subscribers."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        shared = getattr(self.root_value, "_shared_results", None)
        if shared is None or self.operation.operation != OperationType.SUBSCRIPTION:
            return super().execute_operation(serially)
        kind = _kind(self)
        principal = getattr(self.context_value, "principal", None)
        if kind == "none" or principal is None:
            return super().execute_operation(serially)
        # The policy's version too: after a policy change no subscriber is served a result of the policy before.
        policy = getattr(self.context_value, "policy", None)
        # And the reader's language: text for people is rendered in it.
        who: tuple[Any, ...] = (
            tuple(sorted(principal.roles)),
            getattr(policy, "version", None),
            getattr(self.context_value, "locale", None),
        )
        if kind == "viewer":
            who += (principal.user_id, principal.team_path)
        key = (id(self.operation), orjson.dumps(self.variable_values, option=orjson.OPT_SORT_KEYS, default=str), who)
        existing = shared.get(key)
        if existing is not None:
            return existing
        result = super().execute_operation(serially)
        if inspect.isawaitable(result):
            result = asyncio.ensure_future(result)
        shared[key] = result
        return result
