"""Root mutation fields of journeys: save, activate, pause, archive, restore, delete, and the dry run (which changes
nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.errors import BadUserInputError, NotFoundError
from rapport.core.i18n import msg
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt, outcome
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.marketing.journeys import dryrun, service
from rapport.marketing.journeys.graph import parse
from rapport.marketing.journeys.inputs import (
    JourneyDeleteInput,
    JourneyDryRunInput,
    JourneySaveInput,
    JourneyStatusInput,
)
from rapport.marketing.journeys.models import Journey as JourneyRow
from rapport.marketing.journeys.repository import journey_by_id
from rapport.marketing.journeys.types import Journey, JourneyDryRunEntry, dry_run_entry


@strawberry.type(description="The result of a change to a journey.")
class JourneyPayload:
    """The journey as it is now."""

    journey: Journey | None = strawberry.field(description="The journey.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `journeyDelete`.")
class JourneyDeletePayload:
    """Whether the journey is gone."""

    deleted_id: strawberry.ID | None = strawberry.field(description="The id of the deleted journey.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `journeyDryRun`.")
class JourneyDryRunPayload:
    """Who would enter, and what they would receive."""

    entries: list[JourneyDryRunEntry] | None = strawberry.field(description="One per customer who would enter.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix.")


@strawberry.type
class JourneyMutation:
    """Root mutation fields of journeys."""

    @strawberry.mutation(description="Create a journey (a draft) or change one; the graph is checked first.")
    async def journey_save(self, info: Info, input: Annotated[JourneySaveInput, INPUT]) -> JourneyPayload:
        """Save a journey."""

        async def save() -> Journey:
            raw = from_global_id(input.id, "Journey")[1] if input.id else None
            draft = service.JourneyDraft(input.name, input.graph, input.allow_reentry, input.version)
            async with info.context.write() as session:
                row = await service.save(session, info.context.viewer, raw, draft, info.context.settings)
            return Journey.from_row(row)

        return await outcome(JourneyPayload, "journey", save)

    @strawberry.mutation(description="Start a journey: its trigger enrolls customers from now on.")
    async def journey_activate(self, info: Info, input: Annotated[JourneyStatusInput, INPUT]) -> JourneyPayload:
        """Activate a journey."""
        return await _status(info, input, "active")

    @strawberry.mutation(description="Pause a journey: no one enters and no step runs until it is activated again.")
    async def journey_pause(self, info: Info, input: Annotated[JourneyStatusInput, INPUT]) -> JourneyPayload:
        """Pause a journey."""
        return await _status(info, input, "paused")

    @strawberry.mutation(
        description="Archive a journey (an active one stops at once): hidden from `journeys` unless "
        "`includeArchived`, it enrolls no one and its enrollments do not advance until it is restored and activated."
    )
    async def journey_archive(self, info: Info, input: Annotated[JourneyStatusInput, INPUT]) -> JourneyPayload:
        """Archive a journey."""
        return await _change(
            info, input.id, lambda session, raw: service.archive(session, info.context.viewer, raw, input.version)
        )

    @strawberry.mutation(description="Restore an archived journey: paused when it ever ran, else a draft.")
    async def journey_restore(self, info: Info, input: Annotated[JourneyStatusInput, INPUT]) -> JourneyPayload:
        """Restore an archived journey."""
        return await _change(
            info, input.id, lambda session, raw: service.restore(session, info.context.viewer, raw, input.version)
        )

    @strawberry.mutation(
        description="Delete a journey that never ran (a draft never activated, with no enrollments); archive one "
        "that ran."
    )
    async def journey_delete(self, info: Info, input: Annotated[JourneyDeleteInput, INPUT]) -> JourneyDeletePayload:
        """Delete a journey."""

        async def remove() -> strawberry.ID:
            raw = from_global_id(input.id, "Journey")[1]
            async with info.context.write() as session:
                await service.delete(session, info.context.viewer, raw, input.version)
            return input.id

        return await outcome(JourneyDeletePayload, "deleted_id", remove)

    @strawberry.mutation(description="Who would enter a journey now and what they would receive; changes nothing.")
    async def journey_dry_run(self, info: Info, input: Annotated[JourneyDryRunInput, INPUT]) -> JourneyDryRunPayload:
        """Dry-run a journey or a graph."""

        async def run() -> tuple[JourneyDryRunEntry, ...]:
            if not 1 <= input.limit <= dryrun.MAX_LIMIT:
                raise BadUserInputError(msg("limit must be between 1 and 100."), field="limit")
            principal = info.context.viewer
            async with info.context.db.read() as session:
                journey = None
                if input.id:
                    found = await journey_by_id(session, principal, [from_global_id(input.id, "Journey")[1]])
                    journey = found[0]
                    if journey is None:
                        raise NotFoundError(msg("No journey with that id."))
                elif input.graph is None:
                    raise BadUserInputError(msg("Give a journey's id or a graph."), field="graph")
                graph = parse(journey.graph if journey else input.graph)
                entries = await dryrun.dry_run(session, principal, graph, journey, input.limit)
            return tuple(dry_run_entry(entry) for entry in entries)

        found = await attempt(run)
        if isinstance(found, list):
            return JourneyDryRunPayload(entries=None, user_errors=found)
        return JourneyDryRunPayload(entries=list(found), user_errors=[])


async def _change(
    info: Info, id: strawberry.ID, change: Callable[[AsyncSession, uuid.UUID], Awaitable[JourneyRow]]
) -> JourneyPayload:
    async def run() -> Journey:
        raw = from_global_id(id, "Journey")[1]
        async with info.context.write() as session:
            row = await change(session, raw)
        return Journey.from_row(row)

    return await outcome(JourneyPayload, "journey", run)


async def _status(info: Info, input: JourneyStatusInput, status: str) -> JourneyPayload:
    async def change() -> Journey:
        raw = from_global_id(input.id, "Journey")[1]
        async with info.context.write() as session:
            row = await service.set_status(
                session, info.context.viewer, raw, input.version, status, info.context.settings
            )
        return Journey.from_row(row)

    return await outcome(JourneyPayload, "journey", change)
