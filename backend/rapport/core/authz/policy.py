"""The compiled policy: Casbin rules turned into per-role field access and row scopes, looked up by dict."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from functools import cached_property
from pathlib import Path

import casbin
import sqlalchemy as sa

log = logging.getLogger(__name__)
MODEL_PATH = Path(__file__).with_name("model.conf")
ANONYMOUS = "anonymous"
ADMIN = "admin"
SCOPE_PREFIX = "scope:"


class Access(IntEnum):
    """What a role may do with a field; each level includes the ones below."""

    NONE = 0
    MASKED = 1
    READ = 2
    WRITE = 3


class Scope(StrEnum):
    """Which rows of a type a role sees."""

    OWN = "own"  # rows the user owns
    TEAM = "team"  # rows of the user's team and every team below it
    RELATED = "related"  # rows related to the user's work (e.g. customers of tickets in their queues)
    ALL = "all"


ACTIONS = {"masked": Access.MASKED, "read": Access.READ, "write": Access.WRITE}
_DENIED_SIZE = 4096


@dataclass(frozen=True)
class PrincipalPolicy:
    """Everything one combination of roles may do: field access and row scopes."""

    roles: frozenset[str]
    fields: Mapping[str, Access]
    scopes: Mapping[str, frozenset[Scope]]
    is_admin: bool = False
    #: The version of the compiled policy this was taken from (moves at every reload).
    version: int = 0
    #: `denied` remembered per list of needs (a request's needs repeat: they come from a cached walk or plan).
    _denied: dict[tuple[tuple[str, Access], ...], tuple[tuple[str, Access], ...]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def access(self, type_field: str) -> Access:
        """The access to `Type.field` (NONE when unclassified, WRITE for administrators)."""
        if self.is_admin:
            return Access.WRITE
        return self.fields.get(type_field, Access.NONE)

    def denied(self, needs: tuple[tuple[str, Access], ...]) -> tuple[tuple[str, Access], ...]:
        """The (Type.field, access) needs this policy does not meet, in order."""
        found = self._denied.get(needs)
        if found is None:
            found = tuple((name, access) for name, access in needs if self.access(name) < access)
            if len(self._denied) >= _DENIED_SIZE:
                self._denied.clear()
            self._denied[needs] = found
        return found

    def scope(self, type_name: str) -> frozenset[Scope]:
        """The scopes of a type's rows (empty: no rows)."""
        if self.is_admin:
            return frozenset({Scope.ALL})
        return self.scopes.get(type_name, frozenset())


@dataclass
class CompiledPolicy:
    """The policy of one moment, compiled from Casbin; a version number tells reloads apart."""

    version: int
    role_fields: dict[str, dict[str, Access]]
    role_scopes: dict[str, dict[str, frozenset[Scope]]]
    parents: dict[str, set[str]]
    rules: list[list[str]]
    _cache: dict[frozenset[str], PrincipalPolicy] = field(default_factory=dict)

    def for_roles(self, roles: Iterable[str]) -> PrincipalPolicy:
        """The merged policy of a set of roles (the most any of them allows), cached per set."""
        key = frozenset(roles) or frozenset({ANONYMOUS})
        if not _enforcing and key != frozenset({ANONYMOUS}):
            key = frozenset({ADMIN})
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        fields: dict[str, Access] = {}
        scopes: dict[str, set[Scope]] = {}
        for role in key:
            for name, access in self.role_fields.get(role, {}).items():
                if access > fields.get(name, Access.NONE):
                    fields[name] = access
            for type_name, role_scopes in self.role_scopes.get(role, {}).items():
                scopes.setdefault(type_name, set()).update(role_scopes)
        policy = PrincipalPolicy(
            roles=key,
            fields=fields,
            scopes={t: frozenset(s) for t, s in scopes.items()},
            is_admin=ADMIN in key,
            version=self.version,
        )
        self._cache[key] = policy
        return policy

    @cached_property
    def classified(self) -> frozenset[str]:
        """Every `Type.field` some rule mentions."""
        return frozenset(r[2] for r in self.rules if r[0] == "p" and not r[2].startswith(SCOPE_PREFIX))


def compile_rules(rules: list[list[str]], version: int) -> CompiledPolicy:
    """Compile `p`/`g` rules with Casbin's role inheritance into lookups.

    Field access is inherited through `g` (the most any ancestor allows). A scope a role states itself
    replaces the inherited one (a manager's `team` is not narrowed by the rep's `own`).
    """
    enforcer = casbin.Enforcer(str(MODEL_PATH))
    explicit_scopes: dict[str, dict[str, set[Scope]]] = {}
    direct_parents: dict[str, set[str]] = {}
    for rule in rules:
        if rule[0] == "p" and rule[2].startswith(SCOPE_PREFIX):
            explicit_scopes.setdefault(rule[1], {}).setdefault(rule[2].removeprefix(SCOPE_PREFIX), set()).add(
                Scope(rule[3])
            )
        elif rule[0] == "p":
            enforcer.add_policy(*rule[1:4])
        elif rule[0] == "g":
            enforcer.add_grouping_policy(*rule[1:3])
            direct_parents.setdefault(rule[1], set()).add(rule[2])
    roles = {r[1] for r in rules if r[0] in ("p", "g")} | {r[2] for r in rules if r[0] == "g"}

    def scopes_of(role: str, seen: frozenset[str] = frozenset()) -> dict[str, set[Scope]]:
        if role in seen:  # a cycle in the role graph: stop rather than loop
            return {}
        merged: dict[str, set[Scope]] = {}
        for parent in direct_parents.get(role, ()):
            for type_name, scopes in scopes_of(parent, seen | {role}).items():
                merged.setdefault(type_name, set()).update(scopes)
        merged.update({t: set(s) for t, s in explicit_scopes.get(role, {}).items()})
        return merged

    role_fields: dict[str, dict[str, Access]] = {}
    role_scopes: dict[str, dict[str, frozenset[Scope]]] = {}
    parents: dict[str, set[str]] = {}
    for role in sorted(roles):
        fields: dict[str, Access] = {}
        for _, obj, act in enforcer.get_implicit_permissions_for_user(role):
            if act in ACTIONS and ACTIONS[act] > fields.get(obj, Access.NONE):
                fields[obj] = ACTIONS[act]
        role_fields[role] = fields
        role_scopes[role] = {t: frozenset(s) for t, s in scopes_of(role).items()}
        parents[role] = set(enforcer.get_implicit_roles_for_user(role))
    return CompiledPolicy(version, role_fields, role_scopes, parents, rules)


def read_csv(path: Path) -> list[list[str]]:
    """Rules from a Casbin policy CSV (comments and blank lines ignored)."""
    rules = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rules.append([part.strip() for part in line.split(",")])
    return rules


_RULE_COLUMNS = ("ptype", "v0", "v1", "v2")


def _padded(rule: list[str]) -> tuple[str | None, ...]:
    return tuple([*rule, None, None, None][:4])


def add_shipped_rules(connection: sa.Connection, path: Path) -> int:
    """Migrations: insert the rules of a shipped policy CSV that the database lacks, leaving every other rule (and
    a deployment's own changes) alone. Returns how many were added."""
    present = {
        tuple(row)
        for row in connection.execute(sa.text("SELECT ptype, v0, v1, v2 FROM casbin_rule WHERE ptype IN ('p', 'g')"))
    }
    missing = [rule for rule in map(_padded, read_csv(path)) if rule not in present]
    if missing:
        table = sa.table("casbin_rule", *(sa.column(c, sa.String) for c in _RULE_COLUMNS))
        connection.execute(sa.insert(table), [dict(zip(_RULE_COLUMNS, rule, strict=True)) for rule in missing])
    return len(missing)


def remove_shipped_rules(connection: sa.Connection, path: Path) -> None:
    """Migrations (downgrade): delete the rules of a shipped policy CSV."""
    delete = sa.text("DELETE FROM casbin_rule WHERE ptype = :p AND v0 = :a AND v1 = :b AND v2 IS NOT DISTINCT FROM :c")
    for p, a, b, c in map(_padded, read_csv(path)):
        connection.execute(delete.bindparams(p=p, a=a, b=b, c=c))


_current: CompiledPolicy | None = None
_enforcing = True


def set_enforcement(enabled: bool) -> None:
    """Benchmarks only: with enforcement off every caller is treated as an administrator."""
    global _enforcing
    _enforcing = enabled
    if not enabled:
        log.warning("AUTHORIZATION ENFORCEMENT IS OFF: every caller may read and write everything")


def enforcing() -> bool:
    """False only while a benchmark measures the cost of enforcement."""
    return _enforcing


def current() -> CompiledPolicy:
    """The policy this process enforces now (the shipped default until the database's is loaded)."""
    global _current
    if _current is None:
        _current = compile_rules(read_csv(DEFAULT_POLICY), version=0)
    return _current


def install(policy: CompiledPolicy) -> None:
    """Make a freshly compiled policy the one this process enforces."""
    global _current
    _current = policy
    log.info("authorization policy installed", extra={"policy_version": policy.version, "rules": len(policy.rules)})


DEFAULT_POLICY = Path(__file__).with_name("default_policy.csv")
