"""Service-desk queries: tickets, the knowledge base, surveys and figures."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry

from rapport.core.authz.policy import Access
from rapport.core.errors import BadUserInputError
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id, to_global_id
from rapport.graphql.types import After, Connection, First, build_connection, decode_time_cursor, page_size, time_cursor
from rapport.support import kb, loaders, stats, survey
from rapport.support.inputs import TicketFilter
from rapport.support.repository import SupportRepository, TicketFilterSpec
from rapport.support.types import KbArticle, Ticket


def _ids(values: Sequence[str] | None, type_name: str) -> list[uuid.UUID] | None:
    return None if values is None else [from_global_id(v, type_name)[1] for v in values]


def _values(values: Sequence[Enum] | None) -> list[str] | None:
    return None if values is None else [str(v.value) for v in values]


def ticket_filter_spec(f: TicketFilter | None) -> TicketFilterSpec:
    """The repository's filter from the GraphQL filter."""
    if f is None:
        return TicketFilterSpec()
    return TicketFilterSpec(
        statuses=_values(f.statuses),
        queue_ids=_ids(f.queue_ids, "Team"),
        assignee_ids=_ids(f.assignee_ids, "User"),
        unassigned=f.unassigned,
        customer_ids=_ids(f.customer_ids, "Customer"),
        priorities=_values(f.priorities),
        categories=f.categories,
        channels=_values(f.channels),
        open_only=f.open_only,
        escalated_only=f.escalated_only,
        search=(f.search or "").strip() or None,
    )


@strawberry.type(description="What the survey page shows.")
class Survey:
    """A survey link's ticket and state."""

    ticket_number: str = strawberry.field(description="The ticket's number.")
    subject: str = strawberry.field(description="The ticket's subject.")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved.")
    answered: bool = strawberry.field(description="The link was used already.")
    expired: bool = strawberry.field(description="The link is too old.")
    can_rate: bool = strawberry.field(description="The rating can be given now.")


@strawberry.type(description="A count for a key.")
class KeyCount:
    """Key and count."""

    key: str | None = strawberry.field(description="The key, e.g. a status or category.")
    second: str | None = strawberry.field(description="A second key, e.g. the queue's id or the channel.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="Average satisfaction of an agent or a team.")
class SatisfactionScore:
    """CSAT."""

    id: strawberry.ID | None = strawberry.field(description="The agent (User) or team (Team) global id.")
    average: float = strawberry.field(description="Average stars, 1-5.")
    ratings: int = strawberry.field(description="How many ratings.")


@strawberry.type(description="A value per time bucket.")
class TrendPoint:
    """One bucket of a trend."""

    key: str = strawberry.field(description="The bucket's first day, YYYY-MM-DD.")
    average: float | None = strawberry.field(description="The average in the bucket.")
    count: int = strawberry.field(description="How many values were averaged.")


@strawberry.type(description="Service figures over the tickets you may see, computed in SQL.")
class ServiceStats:
    """Dashboard figures for a period (tickets created in it)."""

    created: int = strawberry.field(description="Tickets opened.")
    resolved: int = strawberry.field(description="Of those, resolved.")
    avg_first_response_minutes: float | None = strawberry.field(description="Average time to first response.")
    avg_resolution_minutes: float | None = strawberry.field(description="Average time to resolution.")
    first_response_compliance: float | None = strawberry.field(description="Share of first responses on time, 0-1.")
    resolution_compliance: float | None = strawberry.field(description="Share of resolutions on time, 0-1.")
    csat: float | None = strawberry.field(description="Average rating, 1-5.")
    ratings: int = strawberry.field(description="Ratings given.")
    reopen_rate: float | None = strawberry.field(description="Share of rated or reopened tickets that were reopened.")
    backlog: list[KeyCount] = strawberry.field(description="Open tickets now per status (key) and queue (second).")
    volume_by_category: list[KeyCount] = strawberry.field(description="Per day/week/month (key) and category.")
    volume_by_channel: list[KeyCount] = strawberry.field(description="Per day/week/month (key) and channel.")
    csat_by_agent: list[SatisfactionScore] = strawberry.field(description="Per agent, best first.")
    csat_by_team: list[SatisfactionScore] = strawberry.field(description="Per queue, best first.")
    csat_trend: list[TrendPoint] = strawberry.field(description="Average rating per day/week/month (key).")


@strawberry.enum(description="Time buckets of volume figures.")
class Bucket(Enum):
    """day, week or month."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@strawberry.type
class SupportQuery:
    """Root query fields of the service desk."""

    @strawberry.field(description="A ticket by id; null when missing or not visible.")
    async def ticket(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> Ticket | None:
        """One ticket."""
        try:
            _, raw = from_global_id(id, "Ticket")
        except BadUserInputError:
            return None
        row = await info.context.loaders.scoped(loaders.ticket_by_id).load(raw)
        return None if row is None else Ticket.from_row(row)

    @strawberry.field(description="Tickets you may see, newest first.")
    async def tickets(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        filter: Annotated[TicketFilter | None, strawberry.argument(description="What to include.")] = None,
    ) -> Connection[Ticket]:
        """A page of tickets."""
        size, position = page_size(first), decode_time_cursor(after)
        spec, principal, db = ticket_filter_spec(filter), info.context.principal, info.context.db
        async with db.read() as session:
            rows = await SupportRepository(session).page(principal, spec, position, size + 1)

        async def count() -> int:
            async with db.read() as session:
                return await SupportRepository(session).count(principal, spec)

        return build_connection(
            rows,
            size,
            to_node=Ticket.from_row,
            cursor_of=lambda t: time_cursor(t.created_at, t.id),
            has_previous=position is not None,
            count=count,
        )

    @strawberry.field(description="Search the knowledge base (Chinese or English); customers see published articles.")
    async def kb_search(
        self,
        info: Info,
        query: Annotated[str | None, strawberry.argument(description="Words or fragments; empty: newest.")] = None,
        first: First = None,
        offset: Annotated[int, strawberry.argument(description="Skip this many results.")] = 0,
    ) -> list[KbArticle]:
        """Matching articles."""
        include_drafts = info.context.policy.access("KbArticle.status") >= Access.WRITE
        async with info.context.db.read() as session:
            rows = await kb.search(
                session, query, include_drafts=include_drafts, limit=page_size(first), offset=max(0, offset)
            )
        return [KbArticle.from_row(a) for a in rows]

    @strawberry.field(description="A knowledge-base article; drafts only for editors.")
    async def kb_article(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Global id.")]
    ) -> KbArticle | None:
        """One article."""
        _, raw = from_global_id(id, "KbArticle")
        async with info.context.db.read() as session:
            rows = await SupportRepository(session).articles_by_ids([raw])
        if not rows or (
            rows[0].status != "published" and info.context.policy.access("KbArticle.status") < Access.WRITE
        ):
            return None
        return KbArticle.from_row(rows[0])

    @strawberry.field(description="The survey behind a link, for rating without signing in.")
    async def survey(
        self, info: Info, token: Annotated[str, strawberry.argument(description="The link's token.")]
    ) -> Survey:
        """Survey state."""
        async with info.context.db.read() as session:
            state = await survey.lookup(session, token, info.context.settings.secret_key)
        return Survey(
            ticket_number=state.ticket.number,
            subject=state.ticket.subject,
            resolved_at=state.ticket.resolved_at,
            answered=state.used,
            expired=state.expired,
            can_rate=not state.used and not state.expired and state.ticket.status == "resolved",
        )

    @strawberry.field(description="Service figures for a period, over the tickets you may see.")
    async def service_stats(
        self,
        info: Info,
        created_from: Annotated[datetime | None, strawberry.argument(description="Period start.")] = None,
        created_to: Annotated[datetime | None, strawberry.argument(description="Period end (exclusive).")] = None,
        bucket: Annotated[Bucket, strawberry.argument(description="Volume per day, week or month.")] = Bucket.DAY,
    ) -> ServiceStats:
        """Figures."""
        principal = info.context.principal
        async with info.context.db.read() as session:
            s = await stats.summary(session, principal, created_from, created_to)
            backlog = await stats.backlog(session, principal)
            by_category = await stats.volume(session, principal, created_from, created_to, bucket.value, "category")
            by_channel = await stats.volume(session, principal, created_from, created_to, bucket.value, "channel")
            agents = await stats.csat(session, principal, created_from, created_to, "agent")
            teams = await stats.csat(session, principal, created_from, created_to, "team")
            trend = await stats.csat_trend(session, principal, created_from, created_to, bucket.value)

        def score(rows: list[stats.Satisfaction], type_name: str) -> list[SatisfactionScore]:
            return [
                SatisfactionScore(
                    id=to_global_id(type_name, r.key) if r.key else None, average=r.average, ratings=r.ratings
                )
                for r in rows
            ]

        def counts(rows: list[stats.Count]) -> list[KeyCount]:
            return [KeyCount(key=r.key, second=r.second, count=r.count) for r in rows]

        backlog_rows = [
            stats.Count(r.key, to_global_id("Team", uuid.UUID(r.second)) if r.second else None, r.count)
            for r in backlog
        ]
        return ServiceStats(
            created=s.created,
            resolved=s.resolved,
            avg_first_response_minutes=s.avg_first_response_minutes,
            avg_resolution_minutes=s.avg_resolution_minutes,
            first_response_compliance=s.first_response_compliance,
            resolution_compliance=s.resolution_compliance,
            csat=s.csat,
            ratings=s.ratings,
            reopen_rate=s.reopen_rate,
            backlog=counts(backlog_rows),
            volume_by_category=counts(by_category),
            volume_by_channel=counts(by_channel),
            csat_by_agent=score(agents, "User"),
            csat_by_team=score(teams, "Team"),
            csat_trend=[TrendPoint(key=k, average=a, count=c) for k, a, c in trend],
        )
