"""Changing the policy: field access and row scopes per role, validated, audited and announced."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import audit
from rapport.core.authz import store
from rapport.core.authz.catalog import SCOPED_TYPES, is_governed
from rapport.core.authz.masking import MASKS
from rapport.core.authz.policy import ADMIN, SCOPE_PREFIX, Access, Scope
from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.identity.repository import IdentityRepository

ACTION_OF = {Access.MASKED: "masked", Access.READ: "read", Access.WRITE: "write"}


async def _check_role(session: AsyncSession, role: str) -> None:
    if role == ADMIN:
        raise BadUserInputError("Administrators always have every access; their rules cannot change.", field="role")
    if role != "anonymous" and not await IdentityRepository(session).role_exists(role):
        raise BadUserInputError(msg("No role named '{role}'.", role=role), field="role")


async def set_field_access(session: AsyncSession, actor: Principal, role: str, type_field: str, access: Access) -> None:
    """Give `role` exactly `access` to `Type.field` through its own rule (NONE removes it; inherited rules stay)."""
    await _check_role(session, role)
    if not is_governed(type_field):
        raise BadUserInputError(msg("'{field}' is not a field the policy governs.", field=type_field), field="field")
    if access is Access.MASKED and type_field not in MASKS:
        raise BadUserInputError(
            msg("{field} cannot be masked; only {maskable} can.", field=type_field, maskable=sorted(MASKS)),
            field="access",
        )
    current = next(iter(await IdentityRepository(session).own_rules(role, type_field)), None)
    adapter = store.adapter_for(session)
    await adapter.remove_filtered_policy("p", "p", 0, role, type_field)
    if access is not Access.NONE:
        await adapter.add_policy("p", "p", [role, type_field, ACTION_OF[access]])
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="Policy",
        entity_id=None,
        action="permission_set",
        changes={f"{role}:{type_field}": [current or "none", ACTION_OF.get(access, "none")]},
    )
    await store.announce_change(session)


async def set_scopes(session: AsyncSession, actor: Principal, role: str, type_name: str, scopes: set[Scope]) -> None:
    """Replace the row scopes `role` states for a type (empty: the role inherits its parent's scope)."""
    await _check_role(session, role)
    if type_name not in SCOPED_TYPES:
        raise BadUserInputError(
            msg("'{type}' has no row scopes; scoped types: {scoped}.", type=type_name, scoped=sorted(SCOPED_TYPES)),
            field="type",
        )
    obj = f"{SCOPE_PREFIX}{type_name}"
    repository = IdentityRepository(session)
    before = await repository.own_rules(role, obj)
    await repository.drop_own_rules(role, obj)
    adapter = store.adapter_for(session)
    for scope in sorted(scopes):
        await adapter.add_policy("p", "p", [role, obj, scope.value])
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="Policy",
        entity_id=None,
        action="scope_set",
        changes={f"{role}:{obj}": [sorted(before), sorted(s.value for s in scopes)]},
    )
    await store.announce_change(session)
