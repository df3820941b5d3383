"""Requests the compiled read path has checked and built before, answered again without checking them again.

The web app sends the same few documents with the same variables over and over (a home page's five operations on
every visit). For each, the compiled path finds its plan, coerces its variables, checks them against the input
limits, checks the document and the plan against the caller's policy and builds (or finds) the SQL with the
values bound: a third of the time Rapport spends on such a request outside PostgreSQL and HTTP. Every one of
those steps reads only the request's text, operation name and variables, the caller's policy and what the
caller's row scopes depend on; so their outcome is remembered under exactly those (`Prepared`), and a request
equal to one seen before runs its SQL at once.

What may not be remembered, is not:
- only requests that passed every check are kept: a refusal is decided again each time (so a policy that
  starts to allow something applies at once, and a bad request never costs memory);
- only the web app's own documents (the trusted-documents manifest, `rapport.graphql.trusted`) are kept, so the
  plans entries hold are the manifest's, which the plan cache holds anyway; an integrator's own documents take
  the whole path each time;
- the key holds the query text, the operation name and the variables as JSON bytes with sorted keys (so `1`,
  `1.0` and `true` differ; a non-finite number, which JSON writes as null, is never kept), and `principal_key`
  with the reader's language (the user, roles, team, policy version and row-scope sources, as the SQL cache's
  key does); an entry is used only with the very policy object it was checked against, and a new policy
  (`rapport.core.authz.policy.install`) is a new object: an entry found with another is dropped;
- the current time is bound again for every run (`Prepared.binds` holds every other value);
- sensitive values are revealed and their reads audited per request, as before (`CompiledReads.run`).

At most `SIZE` requests are kept, each with variables of at most `MAX_VARIABLES_BYTES`; besides the manifest's
plans an entry holds its bound values and its SQL text, which the SQL cache (`compiler.sql`, 4,096 entries)
holds too while it is used.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import orjson

from rapport.core.authz.policy import PrincipalPolicy
from rapport.graphql.compiler import Plan
from rapport.graphql.compiler.nodes import CompiledSql

#: Requests kept (least recently used first out), and the longest variables (JSON bytes) a kept request may have.
SIZE = 1024
MAX_VARIABLES_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Prepared:
    """A request's plan and SQL with its values bound (the current time is bound per run)."""

    plan: Plan
    compiled: CompiledSql
    binds: dict[str, Any]


class PreparedRequests:
    """`Prepared` requests by request and caller (see the module's notes on what the key holds)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[PrincipalPolicy, Prepared]] = OrderedDict()

    @staticmethod
    def key(query: str, name: str | None, variables: dict[str, Any] | None, scope_key: Hashable) -> Hashable | None:
        """The key of a request for a caller (`scope_key`: `principal_key` and the reader's language); None: not
        kept: variables that are long or not plain JSON)."""
        try:
            text = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
        except TypeError:  # e.g. an integer past 64 bits
            return None
        if len(text) > MAX_VARIABLES_BYTES or (b"null" in text and not _finite(variables)):
            return None
        return (query, name, text, scope_key)

    def get(self, key: Hashable | None, policy: PrincipalPolicy) -> Prepared | None:
        if key is None:
            return None
        found = self._entries.get(key)
        if found is None:
            return None
        if found[0] is not policy:  # checked against another policy: never again usable
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return found[1]

    def put(self, key: Hashable | None, policy: PrincipalPolicy, prepared: Prepared) -> None:
        if key is None:
            return
        self._entries[key] = (policy, prepared)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


def _finite(value: Any) -> bool:
    """Whether no number in a JSON value is infinite or not a number (orjson writes those as null)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    if isinstance(value, list):
        return all(_finite(item) for item in value)
    return True
