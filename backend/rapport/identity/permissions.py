"""The authorization policy over GraphQL: what the viewer may do, the matrix for admins, and changing it."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from rapport.core.authz import store
from rapport.core.authz.catalog import GOVERNED, SCOPED_TYPES
from rapport.core.authz.masking import MASKS
from rapport.core.authz.policy import Access, CompiledPolicy, PrincipalPolicy, Scope, current
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.types import INPUT, UserError
from rapport.identity import policy_admin
from rapport.identity.repository import IdentityRepository


@strawberry.enum(description="How much of a field a role may see or change.")
class FieldAccess(Enum):
    """none < masked < read < write."""

    NONE = "none"
    MASKED = "masked"
    READ = "read"
    WRITE = "write"


@strawberry.enum(description="Which rows of a type a role sees.")
class RowScope(Enum):
    """own, team (subtree), related, all."""

    OWN = "own"
    TEAM = "team"
    RELATED = "related"
    ALL = "all"


_TO_ACCESS = {
    FieldAccess.NONE: Access.NONE,
    FieldAccess.MASKED: Access.MASKED,
    FieldAccess.READ: Access.READ,
    FieldAccess.WRITE: Access.WRITE,
}
_FROM_ACCESS = {v: k for k, v in _TO_ACCESS.items()}


@strawberry.type(description="Access to one field of one type.")
class FieldPermission:
    """`type.field` and its access."""

    type: str = strawberry.field(description="GraphQL type name, e.g. Customer.")
    field: str = strawberry.field(description="Field name, e.g. phones.")
    access: FieldAccess = strawberry.field(description="none, masked, read or write.")


@strawberry.type(description="The row scopes of one type.")
class ScopePermission:
    """A type and its scopes."""

    type: str = strawberry.field(description="GraphQL type name, e.g. Customer.")
    scopes: list[RowScope] = strawberry.field(description="Rows visible: any of these.")


@strawberry.type(description="What the signed-in user may see and do, so a client can adapt.")
class Permissions:
    """The viewer's effective access."""

    fields: list[FieldPermission] = strawberry.field(description="Every field the viewer may at least see.")
    scopes: list[ScopePermission] = strawberry.field(description="Row scopes per scoped type.")
    is_admin: bool = strawberry.field(description="Administrators may do everything.")


def _field_permissions(fields: dict[str, Access]) -> list[FieldPermission]:
    result = []
    for name, access in sorted(fields.items()):
        type_name, _, field_name = name.partition(".")
        result.append(FieldPermission(type=type_name, field=field_name, access=_FROM_ACCESS[access]))
    return result


def permissions_of(policy: PrincipalPolicy) -> Permissions:
    """The GraphQL view of a merged policy."""
    if policy.is_admin:
        fields = {f"{t}.{f}": Access.WRITE for t, names in GOVERNED.items() for f in names}
        scopes = {t: frozenset({Scope.ALL}) for t in SCOPED_TYPES}
    else:
        fields = {k: v for k, v in policy.fields.items() if v > Access.NONE}
        scopes = dict(policy.scopes)
    return Permissions(
        fields=_field_permissions(fields),
        scopes=[
            ScopePermission(type=t, scopes=[RowScope(s.value) for s in sorted(v)]) for t, v in sorted(scopes.items())
        ],
        is_admin=policy.is_admin,
    )


@strawberry.type(description="A role with its effective and explicitly stated access.")
class RolePermissions:
    """One row of the permission matrix."""

    role: str = strawberry.field(description="Role name.")
    description: str = strawberry.field(description="What the role is for.")
    inherits: list[str] = strawberry.field(description="Roles whose access this role has too.")
    fields: list[FieldPermission] = strawberry.field(description="Effective access (own rules and inherited).")
    explicit: list[FieldPermission] = strawberry.field(description="Access stated by this role's own rules.")
    scopes: list[ScopePermission] = strawberry.field(description="Effective row scopes.")


@strawberry.type(description="A type the policy governs.")
class GovernedType:
    """A type and its fields."""

    name: str = strawberry.field(description="GraphQL type name.")
    fields: list[str] = strawberry.field(description="Its fields.")
    scoped: bool = strawberry.field(description="True when the type has row scopes.")


@strawberry.type(description="Roles x types x fields: the whole authorization policy.")
class PermissionMatrix:
    """The matrix for the admin editor."""

    roles: list[RolePermissions] = strawberry.field(description="Every role but admin (which may do everything).")
    types: list[GovernedType] = strawberry.field(description="Every governed type and its fields.")
    maskable: list[str] = strawberry.field(description="`Type.field`s that can be given masked access.")
    version: int = strawberry.field(description="Changes with every reload of the policy.")


def _matrix(policy: CompiledPolicy, descriptions: dict[str, str]) -> PermissionMatrix:
    roles = sorted((set(descriptions) | set(policy.role_fields)) - {"admin"})
    rows = []
    for role in roles:
        explicit = {r[2]: Access[r[3].upper()] for r in policy.rules if r[0] == "p" and r[1] == role and "." in r[2]}
        role_scopes = policy.role_scopes.get(role, {})
        rows.append(
            RolePermissions(
                role=role,
                description=descriptions.get(role, ""),
                inherits=sorted(policy.parents.get(role, set()) - {role}),
                fields=_field_permissions(policy.role_fields.get(role, {})),
                explicit=_field_permissions(explicit),
                scopes=[
                    ScopePermission(type=t, scopes=[RowScope(s.value) for s in sorted(v)])
                    for t, v in sorted(role_scopes.items())
                ],
            )
        )
    return PermissionMatrix(
        roles=rows,
        types=[GovernedType(name=t, fields=f, scoped=t in SCOPED_TYPES) for t, f in sorted(GOVERNED.items())],
        maskable=sorted(MASKS),
        version=policy.version,
    )


@strawberry.input(description="Set one role's access to one field.")
class PermissionSetInput:
    """Role, type, field and access."""

    role: str = strawberry.field(description="Role name, e.g. service_agent.")
    type: str = strawberry.field(description="Type, e.g. Customer.")
    field: str = strawberry.field(description="Field, e.g. phones.")
    access: FieldAccess = strawberry.field(description="NONE removes the role's own rule (inherited access stays).")


@strawberry.input(description="Set one role's row scopes for a type.")
class ScopeSetInput:
    """Role, type and scopes."""

    role: str = strawberry.field(description="Role name.")
    type: str = strawberry.field(description="A scoped type, e.g. Customer.")
    scopes: list[RowScope] = strawberry.field(description="Empty: the role inherits its parent's scope.")


@strawberry.type(description="The result of a policy change.")
class PermissionChangePayload:
    """The role's permissions after the change."""

    role: RolePermissions | None = strawberry.field(description="The role as it is now.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


async def _descriptions(info: Info) -> dict[str, str]:
    async with info.context.db.read() as session:
        return await IdentityRepository(session).role_descriptions()


async def _payload(info: Info, role: str) -> PermissionChangePayload:
    matrix = _matrix(await store.load(info.context.db.engine), await _descriptions(info))
    info.context.refresh_policy()
    return PermissionChangePayload(role=next((r for r in matrix.roles if r.role == role), None), user_errors=[])


@strawberry.type
class PermissionQuery:
    """Root query fields of the authorization policy."""

    @strawberry.field(description="Roles x types x fields with their access, and row scopes (administrators).")
    async def permission_matrix(self, info: Info) -> PermissionMatrix:
        """The whole policy."""
        return _matrix(current(), await _descriptions(info))


@strawberry.type
class PermissionMutation:
    """Root mutation fields of the authorization policy."""

    @strawberry.mutation(description="Set a role's access to a field; every server applies it within a second.")
    async def permission_set(self, info: Info, input: Annotated[PermissionSetInput, INPUT]) -> PermissionChangePayload:
        """Change field access."""

        async def change() -> None:
            async with info.context.write() as session:
                await policy_admin.set_field_access(
                    session, info.context.viewer, input.role, f"{input.type}.{input.field}", _TO_ACCESS[input.access]
                )

        failed = await attempt(change)
        return PermissionChangePayload(role=None, user_errors=failed) if failed else await _payload(info, input.role)

    @strawberry.mutation(description="Set a role's row scopes for a type; every server applies it within a second.")
    async def scope_set(self, info: Info, input: Annotated[ScopeSetInput, INPUT]) -> PermissionChangePayload:
        """Change row scopes."""

        async def change() -> None:
            async with info.context.write() as session:
                await policy_admin.set_scopes(
                    session, info.context.viewer, input.role, input.type, {Scope(s.value) for s in input.scopes}
                )

        failed = await attempt(change)
        return PermissionChangePayload(role=None, user_errors=failed) if failed else await _payload(info, input.role)
