"""What a domain contributes to Rapport, in one object: its manifest.

Each domain package exports `MANIFEST` (in its `manifest.py`). The composition root (`rapport.assembly`) holds
the list of manifests and is the only place that puts them together: the schema's roots and types, the
compiled read path's declared tables and roots, jobs, timeline sources, privacy parts, merge hooks, row scopes,
argument rules, input targets, encrypted columns and the policy's field groups. Importing a domain module
registers nothing; nothing depends on the order in which modules are imported.

Code that consumes other domains' parts (the timeline, data subject exports, merges) reads them from
`installed()`, which the composition root fills when the app, the CLI or a test assembles Rapport.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.routing import BaseRoute

from rapport.core.authn import PrincipalFor
from rapport.core.authz.rules import ArgumentRule, InputTarget
from rapport.core.authz.scopes import RelatedSource, RowScope, TeamSubtree
from rapport.core.crypto import EncryptedColumn
from rapport.core.jobs import JobSpec
from rapport.core.principal import Principal
from rapport.graphql.declare import Contribution, RootField, Table
from rapport.graphql.node import NodeFetcher

#: Given customer ids, a SELECT of (kind, id, at, customer_id, data) — see `rapport.customers.timeline`.
TimelineSelect = Callable[[Sequence[uuid.UUID]], Select[Any]]


@dataclass(frozen=True)
class TimelineSource:
    """A kind of entry on every customer's timeline.

    `row_type` names the scoped type whose rows the entries are (its model is in the SELECT's FROM, and the
    caller's scope of that type applies), None for the customer's own rows. `entry` is the GraphQL type of the
    entries, a member of the `TimelineEntry` union: a declared type (`FromRow`) built from a row of `model`, the
    table the SELECT turns into `data` (default: the model of the entry type's `Table` in its manifest);
    `before` names a kind whose member it precedes in that union.
    """

    kind: str
    select: TimelineSelect
    row_type: str | None
    entry: type[Any] | None = None
    before: str | None = None
    model: type[Any] | None = None


#: Export a data subject's rows of a domain (as JSON-ready dicts; the caller's row scope applies).
PrivacyExport = Callable[[AsyncSession, Principal, uuid.UUID], Awaitable[list[dict[str, Any]]]]
#: Erase a data subject's rows of a domain; returns how many rows changed.
PrivacyErase = Callable[[AsyncSession, uuid.UUID], Awaitable[int]]


@dataclass(frozen=True)
class PrivacyPart:
    """A domain's rows about a customer, included in data subject exports and erasures."""

    name: str
    export: PrivacyExport
    erase: PrivacyErase


#: Re-parent a domain's rows from a merged customer (second) to the survivor (third), same transaction;
#: returns counts by kind of row moved.
MergeHook = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[Mapping[str, int]]]
#: Re-point a domain's rows from a duplicate contact (third) to the contact kept in its place (second), same
#: transaction, before the duplicate is deleted; returns counts by kind of row re-pointed.
ContactMergeHook = Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[Mapping[str, int]]]
#: Of these contacts, the ones a domain's rows bind to one person (a portal sign-in): never merged away.
HeldContacts = Callable[[AsyncSession, Sequence[uuid.UUID]], Awaitable[set[uuid.UUID]]]


@dataclass(frozen=True)
class CustomerEvent:
    """A kind of event of a customer that a public-pool rule may count as contact (an order, a won deal, a ticket).

    `latest` takes a customer id column and returns the latest time of such an event of that customer: a
    correlated scalar subquery (null without one). It is the definition: the pool's deadlines read the stored copy
    (`customer_last_event`, kept by migration 0022's triggers with the same SQL), and
    tests/customers/test_last_events.py holds the two equal.
    """

    kind: str
    latest: Callable[[Any], Any]


@dataclass(frozen=True)
class RelatedScope:
    """A way rows of a type relate to a caller's work (e.g. customers of an agent's tickets)."""

    type_name: str
    source: RelatedSource


@dataclass(frozen=True)
class Manifest:
    """Everything one domain adds to Rapport. Fields left empty add nothing."""

    name: str
    #: Strawberry classes whose fields are merged into Query, Mutation and Subscription.
    queries: Sequence[type[Any]] = ()
    mutations: Sequence[type[Any]] = ()
    subscriptions: Sequence[type[Any]] = ()
    #: Types the schema must know although no field names them directly (Node implementations, unions).
    types: Sequence[type[Any]] = ()
    #: Declared object types that compiled roots reach, with the models behind them (the compiler's catalog;
    #: tests/graphql/test_declarations.py compares both paths on every field of each).
    tables: Sequence[Table] = ()
    #: Fields this domain adds to other domains' types (e.g. `Customer.tickets`).
    contributions: Sequence[Contribution] = ()
    #: Root query fields the compiler may serve, by GraphQL name.
    roots: Mapping[str, RootField] = field(default_factory=dict)
    #: `node(id)`: type name -> fetch of the object the caller may see.
    nodes: Mapping[str, NodeFetcher] = field(default_factory=dict)
    jobs: Sequence[JobSpec] = ()
    timeline_sources: Sequence[TimelineSource] = ()
    privacy_parts: Sequence[PrivacyPart] = ()
    merge_hooks: Sequence[MergeHook] = ()
    #: When a merge leaves a customer with contacts of the same phone or email, they become one contact.
    contact_merge_hooks: Sequence[ContactMergeHook] = ()
    held_contacts: Sequence[HeldContacts] = ()
    #: Events of a customer a public-pool rule may count as contact, besides its owner's follow-ups.
    customer_events: Sequence[CustomerEvent] = ()
    row_scopes: Sequence[RowScope] = ()
    related_scopes: Sequence[RelatedScope] = ()
    #: How to find a team's subtree (the identity domain owns teams).
    team_subtree: TeamSubtree | None = None
    #: How credentials (API token, session cookie) become a principal (the identity domain owns them).
    authentication: PrincipalFor | None = None
    #: (root field, argument) -> what the argument reads, e.g. ("Query.customers", "filter").
    argument_rules: Mapping[tuple[str, str], ArgumentRule] = field(default_factory=dict)
    #: Input type name -> the domain type its fields write.
    input_targets: Mapping[str, InputTarget] = field(default_factory=dict)
    encrypted: Sequence[EncryptedColumn] = ()
    #: Types whose row scopes (own / team / related / all) the policy sets per role, e.g. "Lead".
    scoped_types: Sequence[str] = ()
    #: "Type.field" -> how its values are shown to a viewer with masked access (e.g. a phone's middle digits).
    masks: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    #: Field groups of the shipped policy: "Type.group" -> GraphQL field names of Type.
    policy_fields: Mapping[str, Sequence[str]] = field(default_factory=dict)
    #: Root-field groups of the shipped policy: (root type, group) -> root field names.
    policy_roots: Mapping[tuple[str, str], Sequence[str]] = field(default_factory=dict)
    #: HTTP routes beside /graphql (e.g. the tracking snippet's /t.js and /t/pv), mounted before the web app.
    routes: Sequence[BaseRoute] = ()


@dataclass(frozen=True)
class Assembly:
    """The manifests Rapport runs with, and their parts gathered by kind."""

    manifests: tuple[Manifest, ...]

    def _all(self, attribute: str) -> list[Any]:
        return [item for manifest in self.manifests for item in getattr(manifest, attribute)]

    @property
    def timeline_sources(self) -> list[TimelineSource]:
        """Every domain's timeline sources, by kind."""
        return sorted(self._all("timeline_sources"), key=lambda source: source.kind)

    @property
    def privacy_parts(self) -> list[PrivacyPart]:
        """Every domain's privacy parts."""
        return self._all("privacy_parts")

    @property
    def merge_hooks(self) -> list[MergeHook]:
        """Every domain's merge hooks."""
        return self._all("merge_hooks")

    @property
    def contact_merge_hooks(self) -> list[ContactMergeHook]:
        """Every domain's contact merge hooks."""
        return self._all("contact_merge_hooks")

    @property
    def held_contacts(self) -> list[HeldContacts]:
        """Every domain's check of contacts that must not be merged away."""
        return self._all("held_contacts")

    @property
    def customer_events(self) -> dict[str, CustomerEvent]:
        """Every domain's customer events by kind."""
        return {event.kind: event for event in self._all("customer_events")}

    @property
    def tables(self) -> dict[str, Table]:
        """Declared tables by GraphQL type name."""
        return {table.name: table for table in self._all("tables")}

    @property
    def roots(self) -> dict[str, RootField]:
        """Compiled root query fields by name."""
        return {name: spec for manifest in self.manifests for name, spec in manifest.roots.items()}


_installed: list[Assembly] = []


def install_assembly(assembly: Assembly) -> None:
    """Make `assembly` the one `installed()` answers (the composition root calls this)."""
    _installed[:] = [assembly]


def installed() -> Assembly:
    """The assembled manifests; fails clearly when Rapport was not assembled (`rapport.assembly.install()`)."""
    if not _installed:
        raise RuntimeError("Rapport is not assembled: call rapport.assembly.install() first.")
    return _installed[0]
