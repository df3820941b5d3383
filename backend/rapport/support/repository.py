"""All SQL of the service desk."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, literal, literal_column, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.principal import Principal
from rapport.core.sql import keyset_after
from rapport.customers.timeline import register_timeline_source
from rapport.identity.models import Team, User, UserRole
from rapport.support.models import (
    OPEN_STATUSES,
    AgentProfile,
    BusinessCalendar,
    KbArticle,
    PortalAccount,
    RoutingRule,
    SlaPolicy,
    SupportSetting,
    Ticket,
    TicketComment,
    TicketEvent,
)
from rapport.support.scopes import visible_tickets


def _ticket_source(ids: Sequence[uuid.UUID]) -> Select[Any]:
    return select(
        literal("ticket").label("kind"),
        Ticket.id.label("id"),
        Ticket.created_at.label("at"),
        Ticket.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(Ticket.__tablename__)).label("data"),
    ).where(Ticket.customer_id.in_(list(ids)))


register_timeline_source("ticket", _ticket_source, row_type="Ticket")


@dataclass(frozen=True)
class TicketFilterSpec:
    """What a ticket list is filtered by."""

    statuses: Sequence[str] | None = None
    queue_ids: Sequence[uuid.UUID] | None = None
    assignee_ids: Sequence[uuid.UUID] | None = None
    unassigned: bool = False
    customer_ids: Sequence[uuid.UUID] | None = None
    priorities: Sequence[str] | None = None
    categories: Sequence[str] | None = None
    channels: Sequence[str] | None = None
    open_only: bool = False
    escalated_only: bool = False
    search: str | None = None


def filtered_tickets(principal: Principal | None, spec: TicketFilterSpec) -> Select[Any]:
    """Visible tickets matching a filter, as a SELECT of the Ticket entity (no order)."""
    stmt = select(Ticket).where(visible_tickets(principal))
    for column, values in (
        (Ticket.status, spec.statuses),
        (Ticket.queue_id, spec.queue_ids),
        (Ticket.assignee_id, spec.assignee_ids),
        (Ticket.customer_id, spec.customer_ids),
        (Ticket.priority, spec.priorities),
        (Ticket.category, spec.categories),
        (Ticket.channel, spec.channels),
    ):
        if values:
            stmt = stmt.where(column.in_(list(values)))
    if spec.unassigned:
        stmt = stmt.where(Ticket.assignee_id.is_(None))
    if spec.open_only:
        stmt = stmt.where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
    if spec.escalated_only:
        stmt = stmt.where(Ticket.escalation_level > 0)
    if spec.search:
        text_ = spec.search.strip()
        pattern = "%" + text_.replace("\\", "").replace("%", "").replace("_", "") + "%"
        stmt = stmt.where(or_(Ticket.number == text_.upper(), Ticket.subject.ilike(pattern)))
    return stmt


#: Tickets as lists show them (the console, a customer's tickets): newest first.
TICKETS_NEWEST_FIRST = (Ticket.created_at.desc(), Ticket.id.desc())


class SupportRepository:
    """Queries and writes of the service desk."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # tickets ----------------------------------------------------------------------------------------------
    async def next_number(self, year: int) -> str:
        """A new human-readable number, e.g. T-2026-000123."""
        value = (await self.session.execute(text("SELECT nextval('ticket_number_seq')"))).scalar_one()
        return f"T-{year}-{int(value):06d}"

    def _filtered(self, principal: Principal | None, spec: TicketFilterSpec) -> Select[Any]:
        return filtered_tickets(principal, spec)

    async def service_agents(self) -> list[tuple[User, AgentProfile | None, int]]:
        """Active users with a service role, their routing profile and how many open tickets they hold."""
        open_count = (
            select(func.count())
            .where(Ticket.assignee_id == User.id, Ticket.status.in_([s.value for s in OPEN_STATUSES]))
            .scalar_subquery()
        )
        stmt = (
            select(User, AgentProfile, open_count)
            .join(UserRole, UserRole.user_id == User.id)
            .outerjoin(AgentProfile, AgentProfile.user_id == User.id)
            .where(User.active.is_(True), UserRole.role_name.in_(("service_agent", "service_supervisor")))
            .distinct()
            .order_by(User.name, User.id)
        )
        return [(row[0], row[1], int(row[2])) for row in await self.session.execute(stmt)]

    async def page(
        self, principal: Principal | None, spec: TicketFilterSpec, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Ticket]:
        """Visible tickets, newest first."""
        stmt = self._filtered(principal, spec)
        if after is not None:
            stmt = stmt.where(keyset_after([Ticket.created_at, Ticket.id], list(after), descending=True))
        stmt = stmt.order_by(*TICKETS_NEWEST_FIRST).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def count(self, principal: Principal | None, spec: TicketFilterSpec) -> int:
        """How many visible tickets match."""
        stmt = (
            self._filtered(principal, spec).with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Ticket]:
        """Visible tickets with these ids."""
        stmt = select(Ticket).where(Ticket.id.in_(list(ids)), visible_tickets(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def for_update(self, ticket_id: uuid.UUID) -> Ticket | None:
        """A ticket locked for this transaction, fresh from the database."""
        stmt = select(Ticket).where(Ticket.id == ticket_id).with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def page_by_customer(
        self, customer_ids: Sequence[uuid.UUID], principal: Principal | None, open_only: bool, limit: int
    ) -> list[Ticket]:
        """Visible tickets of these customers, newest first (up to `limit` per customer)."""
        from rapport.core.authz.scopes import principal_key
        from rapport.core.sql import cached_statement, top_n_per_parent

        def build() -> Any:
            stmt = select(Ticket).where(
                Ticket.customer_id.in_(bindparam("ids", expanding=True)), visible_tickets(principal)
            )
            if open_only:
                stmt = stmt.where(Ticket.status.in_([s.value for s in OPEN_STATUSES]))
            return top_n_per_parent(Ticket, stmt, Ticket.customer_id, TICKETS_NEWEST_FIRST, bindparam("limit"))

        ranked = cached_statement(("tickets_by_customer", principal_key(principal), open_only), build)
        result = await self.session.execute(ranked, {"ids": list(customer_ids), "limit": limit})
        return list(result.scalars())

    # comments and history ---------------------------------------------------------------------------------
    async def comments_by_ticket_ids(self, ids: Sequence[uuid.UUID], *, public: bool) -> list[TicketComment]:
        """Public replies or internal notes of these tickets, oldest first."""
        stmt = (
            select(TicketComment)
            .where(TicketComment.ticket_id.in_(list(ids)), TicketComment.public.is_(public))
            .order_by(TicketComment.created_at, TicketComment.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def events_by_ticket_ids(self, ids: Sequence[uuid.UUID]) -> list[TicketEvent]:
        """The history of these tickets, in order."""
        stmt = select(TicketEvent).where(TicketEvent.ticket_id.in_(list(ids))).order_by(TicketEvent.id)
        return list((await self.session.execute(stmt)).scalars())

    async def logged_events(self, after: int, limit: int) -> list[TicketEvent]:
        """Events after a place in the commit-ordered log, in log order (unstamped events are not in it yet)."""
        stmt = select(TicketEvent).where(TicketEvent.seq > after).order_by(TicketEvent.seq).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def tickets_by_id(self, ticket_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Ticket]:
        """Tickets by id, unscoped (live events: who may see each is the row scope's question, asked apart)."""
        stmt = select(Ticket).where(Ticket.id.in_(list(ticket_ids)))
        return {ticket.id: ticket for ticket in (await self.session.execute(stmt)).scalars()}

    # routing ----------------------------------------------------------------------------------------------
    async def routing_rules(self) -> list[RoutingRule]:
        """Active rules, in order."""
        stmt = select(RoutingRule).where(RoutingRule.active.is_(True)).order_by(RoutingRule.position, RoutingRule.id)
        return list((await self.session.execute(stmt)).scalars())

    async def all_routing_rules(self) -> list[RoutingRule]:
        """Every rule, in order."""
        return list((await self.session.execute(select(RoutingRule).order_by(RoutingRule.position))).scalars())

    async def least_loaded_agent(self, queue_id: uuid.UUID, skill: str | None) -> uuid.UUID | None:
        """The available service agent of the queue's team (subtree) with the skill and the fewest open tickets."""
        load = (
            select(func.count())
            .where(Ticket.assignee_id == User.id, Ticket.status.in_([s.value for s in OPEN_STATUSES]))
            .scalar_subquery()
        )
        queue_path = select(Team.path).where(Team.id == queue_id).scalar_subquery()
        stmt = (
            select(User.id)
            .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role_name == "service_agent"))
            .join(Team, Team.id == User.team_id)
            .outerjoin(AgentProfile, AgentProfile.user_id == User.id)
            .where(
                User.active.is_(True),
                Team.path.startswith(queue_path),
                or_(AgentProfile.user_id.is_(None), AgentProfile.available.is_(True)),
                or_(AgentProfile.user_id.is_(None), load < AgentProfile.max_open),
            )
            .order_by(load, User.email)
            .limit(1)
        )
        if skill:
            stmt = stmt.where(AgentProfile.skills.contains([skill]))
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def default_queue(self) -> uuid.UUID | None:
        """Where unmatched tickets wait: the `default_queue` setting, else the first service team."""
        setting = await self.setting("default_queue")
        if setting and setting.get("team_id"):
            return uuid.UUID(str(setting["team_id"]))
        stmt = select(Team.id).where(Team.kind == "service").order_by(Team.path).limit(1)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def queue_supervisor(self, queue_id: uuid.UUID | None) -> uuid.UUID | None:
        """The manager of a queue's team (who gets escalations)."""
        if queue_id is None:
            return None
        return (await self.session.execute(select(Team.manager_id).where(Team.id == queue_id))).scalar_one_or_none()

    async def agent_profiles(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, AgentProfile]:
        """Profiles of these users."""
        stmt = select(AgentProfile).where(AgentProfile.user_id.in_(list(user_ids)))
        return {p.user_id: p for p in (await self.session.execute(stmt)).scalars()}

    # SLA --------------------------------------------------------------------------------------------------
    async def sla_policies(self) -> list[SlaPolicy]:
        """Active SLA policies, in order."""
        stmt = select(SlaPolicy).where(SlaPolicy.active.is_(True)).order_by(SlaPolicy.position, SlaPolicy.id)
        return list((await self.session.execute(stmt)).scalars())

    async def calendar(self, calendar_id: uuid.UUID | None) -> BusinessCalendar | None:
        """A business calendar."""
        return None if calendar_id is None else await self.session.get(BusinessCalendar, calendar_id)

    async def claim_sla_work(self, now: datetime, limit: int) -> list[Ticket]:
        """Open, running tickets with a warning or breach due and not yet recorded; locked, others' skipped."""
        running = and_(
            Ticket.status.in_(["new", "assigned", "in_progress", "reopened"]), Ticket.waiting_since.is_(None)
        )
        first = and_(
            Ticket.first_responded_at.is_(None),
            or_(
                and_(Ticket.first_response_warned_at.is_(None), Ticket.first_response_warn_at <= now),
                and_(Ticket.first_response_breached_at.is_(None), Ticket.first_response_due_at <= now),
            ),
        )
        resolution = or_(
            and_(Ticket.resolution_warned_at.is_(None), Ticket.resolution_warn_at <= now),
            and_(Ticket.resolution_breached_at.is_(None), Ticket.resolution_due_at <= now),
        )
        stmt = (
            select(Ticket)
            .where(running, or_(first, resolution))
            .order_by(Ticket.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def claim_unrated_resolved(self, before: datetime, limit: int) -> list[Ticket]:
        """Resolved tickets unrated since before `before`; locked, others' skipped."""
        stmt = (
            select(Ticket)
            .where(Ticket.status == "resolved", Ticket.resolved_at <= before)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def setting(self, name: str) -> dict[str, Any] | None:
        """A service-desk setting."""
        row = await self.session.get(SupportSetting, name)
        return None if row is None else dict(row.value)

    # knowledge base ---------------------------------------------------------------------------------------
    async def search_articles(
        self, tokens: Sequence[str], *, include_drafts: bool, limit: int, after: int = 0
    ) -> list[KbArticle]:
        """Articles containing every token (best matches first when no tokens: newest)."""
        stmt = select(KbArticle)
        if not include_drafts:
            stmt = stmt.where(KbArticle.status == "published")
        if tokens:
            stmt = stmt.where(KbArticle.search_tokens.contains(list(tokens)))
        stmt = stmt.order_by(KbArticle.updated_at.desc(), KbArticle.id).offset(after).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def suggest_articles(self, tokens: Sequence[str], limit: int) -> list[KbArticle]:
        """Published articles sharing the most tokens with a text."""
        if not tokens:
            return []
        stmt = (
            select(KbArticle)
            .where(KbArticle.status == "published", KbArticle.search_tokens.overlap(list(tokens)))
            .limit(200)
        )
        wanted = set(tokens)
        scored = [(len(wanted & set(a.search_tokens or ())), a) for a in (await self.session.execute(stmt)).scalars()]
        scored.sort(key=lambda pair: (-pair[0], pair[1].title))
        return [a for score, a in scored if score >= max(2, len(wanted) // 10)][:limit]

    async def articles_by_ids(self, ids: Sequence[uuid.UUID]) -> list[KbArticle]:
        """Articles with these ids."""
        return list((await self.session.execute(select(KbArticle).where(KbArticle.id.in_(list(ids))))).scalars())

    # portal -----------------------------------------------------------------------------------------------
    async def portal_account(self, user_id: uuid.UUID) -> PortalAccount | None:
        """The portal account of a user, if they are a portal user."""
        return await self.session.get(PortalAccount, user_id)
