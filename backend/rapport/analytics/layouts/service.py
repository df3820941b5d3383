"""Dashboard layouts' rules: saving one's own layout (optimistic lock), resetting it (an administrator anyone's),
publishing a layout to a role and taking it back; every change audited."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.analytics.layouts.models import DashboardLayout
from rapport.analytics.layouts.widgets import WidgetDraft, checked_widgets
from rapport.core import audit, clock
from rapport.core.errors import BadUserInputError, ConflictError, ForbiddenError, NotFoundError
from rapport.core.i18n import msg
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.identity.service import existing_roles, user_by_id


def _record(session: AsyncSession, principal: Principal, row: DashboardLayout, action: str, widgets: int) -> None:
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="DashboardLayout",
        entity_id=row.id,
        action=action,
        changes={"page": row.page, "user": str(row.user_id) if row.user_id else None, "role": row.role}
        | {"widgets": widgets},
    )


async def _lock(session: AsyncSession, key: str) -> None:
    """Serialize writers of one layout slot (a page of a user, or of a role) for the transaction: FOR UPDATE locks
    nothing while the row does not exist yet, and two first saves (a double click, two tabs) would both insert."""
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"dashboard_layout:{key}", 0))))


async def _own(session: AsyncSession, page: str, user_id: uuid.UUID) -> DashboardLayout | None:
    await _lock(session, f"{page}:user:{user_id}")
    statement = select(DashboardLayout).where(DashboardLayout.page == page, DashboardLayout.user_id == user_id)
    return await session.scalar(statement.with_for_update())


async def _published(session: AsyncSession, page: str, role: str) -> DashboardLayout | None:
    await _lock(session, f"{page}:role:{role}")
    statement = select(DashboardLayout).where(DashboardLayout.page == page, DashboardLayout.role == role)
    return await session.scalar(statement.with_for_update())


async def save(
    session: AsyncSession, principal: Principal, page: str, widgets: Sequence[WidgetDraft], version: int | None
) -> DashboardLayout:
    """Store the caller's own layout of a page: `version` null creates it, else names the version read (a stale one,
    or null when one exists already, answers CONFLICT and changes nothing)."""
    stored = checked_widgets(page, widgets)
    row = await _own(session, page, principal.user_id)
    now = clock.now()
    if row is None:
        if version is not None:
            raise ConflictError(msg("Your layout was reset since you read it; reload the page and try again."))
        row = DashboardLayout(id=uuid7(), page=page, user_id=principal.user_id, created_at=now)
        session.add(row)
        action = "create"
    else:
        if version != row.version:
            raise ConflictError(
                msg("Your layout changed since you read it (in another window?); reload and try again.")
            )
        action = "update"
    row.widgets, row.updated_at, row.updated_by = stored, now, principal.user_id
    _record(session, principal, row, action, len(stored))
    await session.flush()
    return row


async def reset(session: AsyncSession, principal: Principal, page: str, user_id: uuid.UUID | None) -> bool:
    """Delete a user's own layout of a page (the caller's; an administrator's anyone's): the layout published to
    their role, else the default, is in force again. False when there was none."""
    target = user_id or principal.user_id
    if target != principal.user_id:
        if not principal.is_admin:
            raise ForbiddenError(msg("Only an administrator may reset another user's layout."))
        if await user_by_id(session, target) is None:
            raise NotFoundError(msg("No user with that id."))
    row = await _own(session, page, target)
    if row is None:
        return False
    _record(session, principal, row, "reset", len(row.widgets))
    await session.delete(row)
    await session.flush()
    return True


async def _check_role(session: AsyncSession, role: str) -> None:
    if role in ("anonymous", "customer") or not await existing_roles(session, [role]):
        raise BadUserInputError(msg("No staff role {role}.", role=role), field="role")


async def publish(
    session: AsyncSession,
    principal: Principal,
    page: str,
    role: str,
    widgets: Sequence[WidgetDraft],
    version: int | None = None,
) -> DashboardLayout:
    """Publish a layout of a page to everyone holding a role; a user's own layout still wins over it. `version`
    names the published layout it replaces (null: none is published): two administrators publishing to one role
    never overwrite each other unknowingly (a stale version, or null where one is published, answers CONFLICT)."""
    await _check_role(session, role)
    stored = checked_widgets(page, widgets)
    row = await _published(session, page, role)
    now = clock.now()
    action = "update"
    if row is not None and version != row.version:
        raise ConflictError(
            msg("The layout published to {role} changed since you read it; reopen the dialog and try again.", role=role)
            if version is not None
            else msg("A layout is already published to {role}; confirm that you replace it.", role=role)
        )
    if row is None:
        if version is not None:
            raise ConflictError(
                msg("The layout published to {role} was taken back since you read it; try again.", role=role)
            )
        row = DashboardLayout(id=uuid7(), page=page, role=role, created_at=now)
        session.add(row)
        action = "publish"
    row.widgets, row.updated_at, row.updated_by = stored, now, principal.user_id
    _record(session, principal, row, action, len(stored))
    await session.flush()
    return row


async def unpublish(session: AsyncSession, principal: Principal, page: str, role: str) -> bool:
    """Take back the layout published to a role; False when there was none."""
    await _check_role(session, role)
    row = await _published(session, page, role)
    if row is None:
        return False
    _record(session, principal, row, "unpublish", len(row.widgets))
    await session.delete(row)
    await session.flush()
    return True
