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
- the key holds the query text, the operation name and the variables as JSON bytes with sorted keys (so `1`,
  `1.0` and `true` differ), and `principal_key` with the reader's language (the user, roles, team, policy version
  and row-scope sources, as the SQL cache's key does); an entry is used only with the very policy object
  it was checked against, and a new policy (`rapport.core.authz.policy.install`) is a new object;
- the current time is bound again for every run (`Prepared.binds` holds every other value);
- sensitive values are revealed and their reads audited per request, as before (`CompiledReads.run`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import orjson

from rapport.core.authz.policy import PrincipalPolicy
from rapport.graphql.compiler import Plan
from rapport.graphql.compiler.nodes import CompiledSql

#: Requests kept (least recently used first out), and the longest query text and variables (JSON bytes) a kept
#: request may have: the web app's documents are at most 3.4 kB, and the bounds keep the memory an entry holds
#: small (at most about 12 MB for all of them).
SIZE = 1024
MAX_QUERY_CHARS = 8192
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
        kept (a long query, or variables that are long or not plain JSON)."""
        if len(query) > MAX_QUERY_CHARS:
            return None
        try:
            text = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS) if variables else b""
        except TypeError:  # e.g. an integer past 64 bits
            return None
        if len(text) > MAX_VARIABLES_BYTES:
            return None
        return (query, name, text, scope_key)

    def get(self, key: Hashable | None, policy: PrincipalPolicy) -> Prepared | None:
        if key is None:
            return None
        found = self._entries.get(key)
        if found is None or found[0] is not policy:
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
