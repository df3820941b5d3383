"""Which pages of the web app a role opens, and which operations those pages send.

The SPA's codegen writes `frontend/src/generated/page-operations.json` beside the trusted-documents manifest
(`frontend/scripts/pageOperations.mjs`): each route of its route table with its page rule (`PAGE_RULES`, the rules
the side navigation shows pages by) and the operations its page's module graph can send, and the signed-in shell's
own operations (the viewer, the notifications bell, the search box), which every signed-in page sends.

A page rule is evaluated on a role's compiled policy exactly as the SPA's `opensPage` evaluates it over its
`PermissionIndex`, which is built from what `viewer.permissions` tells the SPA (`rapport.identity.permissions`: the
fields the policy gives more than none, and `isAdmin`, for whom the SPA answers WRITE to everything) - that is,
`PrincipalPolicy.access`:

| rule | SPA | here |
|---|---|---|
| `{"signedIn": true}` | true | true |
| `{"admin": true}` | `isAdmin` | `policy.is_admin` |
| `{"query": q}` | `canQuery(q)` | `Query.q` or `Subscription.q` at least READ |
| `{"mutation": m}` | `canMutate(m)` | `Mutation.m` at least WRITE |
| `{"field": [T, f], "access": a}` | `has(T, f, a)` (a: MASKED when absent) | `T.f` at least `a` |
| `{"all": [...]}`, `{"any": [...]}`, `{"not": r}` | every, some, not | the same |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from rapport.core.authz.policy import Access, PrincipalPolicy

#: The file's name, beside the trusted-documents manifest (`persisted-documents.json`).
MAP_FILE = "page-operations.json"
#: The name the signed-in shell goes by among the pages.
SHELL = "(shell)"

#: Roles of the policy that never sign in to the web app, so open none of its pages.
NOT_IN_THE_WEB_APP = {"anonymous": "callers not signed in", "integrator": "systems with an API token"}

PageRule = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    """A route of the web app (or the signed-in shell): who opens it and what it sends, by operation kind."""

    path: str
    entry: str
    #: None for the routes outside the sign-in (`/login`, `/survey/:token`, the not-found page).
    rule: PageRule | None
    operations: Mapping[str, tuple[str, ...]]

    @property
    def queries(self) -> tuple[str, ...]:
        """The read operations the page can send."""
        return self.operations.get("query", ())


@dataclass(frozen=True)
class PageMap:
    """The web app's pages and the signed-in shell, as the SPA's codegen wrote them."""

    shell: Page
    routes: tuple[Page, ...]

    @classmethod
    def load(cls, path: Path) -> PageMap:
        """The map at `path` (`beside(manifest)` finds it)."""
        raw = orjson.loads(path.read_bytes())

        def operations(item: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
            return {kind: tuple(names) for kind, names in item["operations"].items()}

        shell = Page(SHELL, raw["shell"]["entry"], {"signedIn": True}, operations(raw["shell"]))
        routes = tuple(
            Page(r["path"], r["entry"], r["rule"] if r["signedIn"] else None, operations(r)) for r in raw["routes"]
        )
        return cls(shell, routes)

    @staticmethod
    def beside(manifest: Path) -> Path:
        """Where the map is, given where the trusted-documents manifest is."""
        return manifest.with_name(MAP_FILE)

    def opened_by(self, policy: PrincipalPolicy) -> tuple[Page, ...]:
        """The shell and every signed-in page a caller with this policy opens."""
        return (self.shell, *(p for p in self.routes if p.rule is not None and opens(p.rule, policy)))


def opens(rule: PageRule, policy: PrincipalPolicy) -> bool:
    """Whether a caller with this policy opens a page with this rule, as the SPA's `opensPage` decides."""
    if "signedIn" in rule:
        return True
    if "admin" in rule:
        return policy.is_admin
    if "query" in rule:
        return max(policy.access(f"Query.{rule['query']}"), policy.access(f"Subscription.{rule['query']}")) >= (
            Access.READ
        )
    if "mutation" in rule:
        return policy.access(f"Mutation.{rule['mutation']}") >= Access.WRITE
    if "field" in rule:
        type_name, field = rule["field"]
        return policy.access(f"{type_name}.{field}") >= Access[rule.get("access", "MASKED")]
    if "all" in rule:
        return all(opens(each, policy) for each in rule["all"])
    if "any" in rule:
        return any(opens(each, policy) for each in rule["any"])
    if "not" in rule:
        return not opens(rule["not"], policy)
    raise ValueError(f"a page rule this server does not know (rapport.graphql.pages): {dict(rule)}")
