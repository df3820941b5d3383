"""All SQL of the sales domain but the figures (sales.figures)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import RowScope, declare_row_scope, principal_key, row_filter
from rapport.core.principal import Principal
from rapport.core.sql import cached_statement, keyset_after, top_n_per_parent
from rapport.customers.models import Customer
from rapport.customers.timeline import register_timeline_source
from rapport.identity.models import Team, User, UserRole
from rapport.sales.models import (
    Approval,
    Lead,
    LeadRule,
    LeadSubmission,
    Opportunity,
    PipelineStage,
    PoolMovement,
    PoolRule,
    SalesTarget,
    StageChange,
)


def visible_leads(principal: Principal | None) -> ColumnElement[bool]:
    """Leads the caller may see: own, team subtree or all, as the policy says."""
    return row_filter(principal, "Lead", id_column=Lead.id, owner_column=Lead.owner_id, team_column=Lead.team_id)


#: A customer's opportunities as their loader and the compiled read path list them.
OPPORTUNITIES_NEWEST_FIRST = (Opportunity.created_at.desc(), Opportunity.id.desc())


def visible_opportunities(principal: Principal | None) -> ColumnElement[bool]:
    """Opportunities the caller may see."""
    return row_filter(
        principal,
        "Opportunity",
        id_column=Opportunity.id,
        owner_column=Opportunity.owner_id,
        team_column=Opportunity.team_id,
    )


declare_row_scope(RowScope("Lead", Lead, visible_leads, "No lead with that id."))
declare_row_scope(RowScope("Opportunity", Opportunity, visible_opportunities, "No opportunity with that id."))


def _stage_changes(ids: Sequence[uuid.UUID]) -> Select[Any]:
    return (
        select(
            literal("stage_change").label("kind"),
            StageChange.opportunity_id.label("id"),
            StageChange.at.label("at"),
            StageChange.customer_id.label("customer_id"),
            func.to_jsonb(literal_column(StageChange.__tablename__)).label("data"),
        )
        .join(Opportunity, Opportunity.id == StageChange.opportunity_id)
        .where(StageChange.customer_id.in_(list(ids)))
    )


def _pool_movements(ids: Sequence[uuid.UUID]) -> Select[Any]:
    return select(
        literal("pool_movement").label("kind"),
        PoolMovement.customer_id.label("id"),
        PoolMovement.at.label("at"),
        PoolMovement.customer_id.label("customer_id"),
        func.to_jsonb(literal_column(PoolMovement.__tablename__)).label("data"),
    ).where(PoolMovement.customer_id.in_(list(ids)))


#: A stage change is a step of an opportunity: shown to whoever may see the opportunity.
register_timeline_source("stage_change", _stage_changes, row_type="Opportunity")
register_timeline_source("pool_movement", _pool_movements, row_type=None)


@dataclass(frozen=True)
class LeadFilterSpec:
    """What a lead list is filtered by."""

    statuses: Sequence[str] | None = None
    owner_ids: Sequence[uuid.UUID] | None = None
    sources: Sequence[str] | None = None
    unassigned: bool = False


class SalesRepository:
    """Queries and writes of leads, rules, stages, opportunities, approvals, the pool and targets."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # leads ------------------------------------------------------------------------------------------------
    async def count_submissions(self, address: str, since: datetime) -> int:
        """Public submissions from an address since a time."""
        stmt = select(func.count()).where(LeadSubmission.address == address, LeadSubmission.at > since)
        return int((await self.session.execute(stmt)).scalar_one())

    async def lock_address(self, address: str) -> None:
        """Serialise submissions from one address until the transaction ends."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('lead:' || :a))"), {"a": address})

    async def lead_by_digests(self, phone: bytes | None, email: bytes | None) -> Lead | None:
        """An open lead with this phone or email (the oldest), locked."""
        clauses = []
        if phone is not None:
            clauses.append(Lead.phone_digest == phone)
        if email is not None:
            clauses.append(Lead.email_digest == email)
        if not clauses:
            return None
        stmt = (
            select(Lead)
            .where(or_(*clauses), Lead.status.notin_(("converted", "disqualified")))
            .order_by(Lead.created_at)
            .limit(1)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    def _leads(self, principal: Principal | None, spec: LeadFilterSpec) -> Select[Any]:
        stmt = select(Lead).where(visible_leads(principal))
        for column, values in (
            (Lead.status, spec.statuses),
            (Lead.owner_id, spec.owner_ids),
            (Lead.source, spec.sources),
        ):
            if values:
                stmt = stmt.where(column.in_(list(values)))
        if spec.unassigned:
            stmt = stmt.where(Lead.owner_id.is_(None))
        return stmt

    async def leads_page(
        self, principal: Principal | None, spec: LeadFilterSpec, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Lead]:
        """Visible leads, newest first."""
        stmt = self._leads(principal, spec)
        if after is not None:
            stmt = stmt.where(keyset_after([Lead.created_at, Lead.id], list(after), descending=True))
        stmt = stmt.order_by(Lead.created_at.desc(), Lead.id.desc()).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def count_leads(self, principal: Principal | None, spec: LeadFilterSpec) -> int:
        """How many visible leads match."""
        stmt = self._leads(principal, spec).with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
        return int((await self.session.execute(stmt)).scalar_one())

    async def leads_by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Lead]:
        """Visible leads with these ids."""
        stmt = select(Lead).where(Lead.id.in_(list(ids)), visible_leads(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def lead_for_update(self, lead_id: uuid.UUID) -> Lead | None:
        """A lead, locked."""
        stmt = select(Lead).where(Lead.id == lead_id).with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def lead_rules(self) -> list[LeadRule]:
        """Active assignment rules in order."""
        stmt = select(LeadRule).where(LeadRule.active.is_(True)).order_by(LeadRule.position, LeadRule.id)
        return list((await self.session.execute(stmt)).scalars())

    async def all_lead_rules(self) -> list[LeadRule]:
        """Every assignment rule in order."""
        return list((await self.session.execute(select(LeadRule).order_by(LeadRule.position))).scalars())

    async def lock_rule(self, rule_id: uuid.UUID) -> LeadRule | None:
        """A rule, locked (round robin advances one at a time)."""
        stmt = (
            select(LeadRule).where(LeadRule.id == rule_id).with_for_update().execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def team_reps(self, team_id: uuid.UUID) -> list[User]:
        """Active sales reps of a team and the teams below it, by email."""
        path = select(Team.path).where(Team.id == team_id).scalar_subquery()
        stmt = (
            select(User)
            .join(Team, Team.id == User.team_id)
            .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role_name == "sales_rep"))
            .where(User.active.is_(True), Team.path.startswith(path))
            .order_by(User.email)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def open_lead_counts(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Open (new or working) leads per user."""
        stmt = (
            select(Lead.owner_id, func.count())
            .where(Lead.owner_id.in_(list(user_ids)), Lead.status.in_(("new", "working")))
            .group_by(Lead.owner_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt) if row[0] is not None}

    async def sells(self, user_id: uuid.UUID) -> bool:
        """True when the user holds a sales role (rep, manager or director)."""
        stmt = select(UserRole.user_id).where(
            UserRole.user_id == user_id, UserRole.role_name.in_(("sales_rep", "sales_manager", "sales_director"))
        )
        return (await self.session.execute(stmt)).first() is not None

    async def user(self, user_id: uuid.UUID) -> User | None:
        """A user."""
        return await self.session.get(User, user_id)

    async def team_manager(self, team_id: uuid.UUID) -> uuid.UUID | None:
        """The manager of a team, if it has one."""
        manager: uuid.UUID | None = await self.session.scalar(select(Team.manager_id).where(Team.id == team_id))
        return manager

    # pipeline ---------------------------------------------------------------------------------------------
    async def stages(self) -> list[PipelineStage]:
        """Stages in pipeline order."""
        return list((await self.session.execute(select(PipelineStage).order_by(PipelineStage.position))).scalars())

    async def opportunities_by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Opportunity]:
        """Visible opportunities with these ids."""
        stmt = select(Opportunity).where(Opportunity.id.in_(list(ids)), visible_opportunities(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def opportunity_for_update(self, opportunity_id: uuid.UUID) -> Opportunity | None:
        """An opportunity, locked."""
        stmt = (
            select(Opportunity)
            .where(Opportunity.id == opportunity_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    def _opportunities(
        self,
        principal: Principal | None,
        *,
        statuses: Sequence[str] | None = None,
        stage_ids: Sequence[uuid.UUID] | None = None,
        customer_ids: Sequence[uuid.UUID] | None = None,
        owner_ids: Sequence[uuid.UUID] | None = None,
        search: str | None = None,
    ) -> Select[Any]:
        stmt = select(Opportunity).where(visible_opportunities(principal))
        for column, values in (
            (Opportunity.status, statuses),
            (Opportunity.stage_id, stage_ids),
            (Opportunity.customer_id, customer_ids),
            (Opportunity.owner_id, owner_ids),
        ):
            if values:
                stmt = stmt.where(column.in_(list(values)))
        if search:
            stmt = stmt.where(Opportunity.name.ilike(f"%{search.replace('%', '').replace('_', '')}%"))
        return stmt

    async def opportunities(
        self,
        principal: Principal | None,
        *,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
        **filters: Any,
    ) -> list[Opportunity]:
        """Visible opportunities, newest first."""
        stmt = self._opportunities(principal, **filters)
        if after is not None:
            stmt = stmt.where(keyset_after([Opportunity.created_at, Opportunity.id], list(after), descending=True))
        stmt = stmt.order_by(Opportunity.created_at.desc(), Opportunity.id.desc()).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def opportunities_by_customer_ids(
        self, principal: Principal | None, ids: Sequence[uuid.UUID], per_customer: int
    ) -> list[Opportunity]:
        """Visible opportunities of these customers, newest first, at most `per_customer` each, in one query."""

        def build() -> Any:
            stmt = select(Opportunity).where(
                Opportunity.customer_id.in_(bindparam("ids", expanding=True)), visible_opportunities(principal)
            )
            return top_n_per_parent(
                Opportunity, stmt, Opportunity.customer_id, OPPORTUNITIES_NEWEST_FIRST, bindparam("limit")
            )

        ranked = cached_statement(("opportunities_by_customer", principal_key(principal)), build)
        result = await self.session.execute(ranked, {"ids": list(ids), "limit": per_customer})
        return list(result.scalars())

    async def leads_by_customer_ids(
        self, principal: Principal | None, ids: Sequence[uuid.UUID], per_customer: int
    ) -> list[Lead]:
        """Visible leads linked to these customers, newest first, at most `per_customer` each, in one query."""

        def build() -> Any:
            stmt = select(Lead).where(Lead.customer_id.in_(bindparam("ids", expanding=True)), visible_leads(principal))
            order = [Lead.created_at.desc(), Lead.id.desc()]
            return top_n_per_parent(Lead, stmt, Lead.customer_id, order, bindparam("limit"))

        ranked = cached_statement(("leads_by_customer", principal_key(principal)), build)
        result = await self.session.execute(ranked, {"ids": list(ids), "limit": per_customer})
        return list(result.scalars())

    async def count_opportunities(self, principal: Principal | None, **filters: Any) -> int:
        """How many visible opportunities match (same filters as `opportunities`)."""
        stmt = (
            self._opportunities(principal, **filters)
            .with_only_columns(func.count(), maintain_column_froms=True)
            .order_by(None)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def pending_approval(self, opportunity_id: uuid.UUID) -> Approval | None:
        """The pending approval of an opportunity, if any."""
        stmt = select(Approval).where(Approval.opportunity_id == opportunity_id, Approval.status == "pending")
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def pending_approvals(self, opportunity_ids: Sequence[uuid.UUID]) -> list[Approval]:
        """Pending approvals of these opportunities."""
        stmt = select(Approval).where(Approval.opportunity_id.in_(list(opportunity_ids)), Approval.status == "pending")
        return list((await self.session.execute(stmt)).scalars())

    async def cancel_pending_approvals(self, opportunity_id: uuid.UUID, now: datetime) -> None:
        """Cancel the pending approval requests of an opportunity (it moved another way)."""
        await self.session.execute(
            update(Approval)
            .where(Approval.opportunity_id == opportunity_id, Approval.status == "pending")
            .values(status="cancelled", decided_at=now, updated_at=now, version=Approval.version + 1)
        )

    async def approver_ids(self) -> list[uuid.UUID]:
        """Active sales directors, who decide approval requests."""
        stmt = (
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role_name == "sales_director", User.active.is_(True))
            .order_by(User.email)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def approvals(
        self,
        principal: Principal | None,
        *,
        statuses: Sequence[str] | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Approval]:
        """Approval requests on opportunities the caller may see, oldest first."""
        stmt = (
            select(Approval)
            .join(Opportunity, Opportunity.id == Approval.opportunity_id)
            .where(visible_opportunities(principal))
        )
        if statuses:
            stmt = stmt.where(Approval.status.in_(list(statuses)))
        if after is not None:
            stmt = stmt.where(keyset_after([Approval.created_at, Approval.id], list(after), descending=False))
        stmt = stmt.order_by(Approval.created_at, Approval.id).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def approval_for_update(self, approval_id: uuid.UUID) -> Approval | None:
        """An approval, locked."""
        stmt = (
            select(Approval)
            .where(Approval.id == approval_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def stage_changes(self, opportunity_ids: Sequence[uuid.UUID]) -> list[StageChange]:
        """Stage history of these opportunities."""
        stmt = select(StageChange).where(StageChange.opportunity_id.in_(list(opportunity_ids))).order_by(StageChange.id)
        return list((await self.session.execute(stmt)).scalars())

    # pool -------------------------------------------------------------------------------------------------
    async def pool_rules(self) -> dict[str | None, PoolRule]:
        """Pool rules by grade (None: the default)."""
        return {r.grade: r for r in (await self.session.execute(select(PoolRule))).scalars()}

    async def lock_claims(self, user_id: uuid.UUID) -> None:
        """Serialise one rep's claims until the transaction ends (the daily limit holds under concurrency)."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('pool-claim:' || :u))"), {"u": str(user_id)}
        )

    async def claims_since(self, user_id: uuid.UUID, since: datetime) -> int:
        """Customers a rep claimed since a time."""
        stmt = select(func.count()).where(
            PoolMovement.user_id == user_id, PoolMovement.kind == "claimed", PoolMovement.at >= since
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def lost_to_pool_at(self, customer_id: uuid.UUID, user_id: uuid.UUID) -> datetime | None:
        """When this rep last lost this customer to the pool."""
        stmt = select(func.max(PoolMovement.at)).where(
            PoolMovement.customer_id == customer_id, PoolMovement.user_id == user_id, PoolMovement.kind == "reclaimed"
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def pool_exempt_customer_ids(
        self, customers: Sequence[Customer], rules: dict[str | None, PoolRule]
    ) -> set[uuid.UUID]:
        """Of these customers, those an open opportunity at or past their rule's exempt stage keeps out of the pool."""
        fallback = rules.get(None)

        def position(grade: str | None) -> int | None:  # as claim_pool_work: the grade's value, else the default's
            own = rules.get(grade) if grade is not None else None
            if own is not None and own.exempt_from_stage_position is not None:
                return own.exempt_from_stage_position
            return fallback.exempt_from_stage_position if fallback is not None else None

        positions = {c.id: position(c.grade) for c in customers}
        wanted = [i for i, p in positions.items() if p is not None]
        if not wanted:
            return set()
        stmt = (
            select(Opportunity.customer_id, func.max(PipelineStage.position))
            .join(PipelineStage, PipelineStage.id == Opportunity.stage_id)
            .where(Opportunity.customer_id.in_(wanted), Opportunity.status == "open")
            .group_by(Opportunity.customer_id)
        )
        return {row[0] for row in await self.session.execute(stmt) if row[1] >= (positions[row[0]] or 0)}

    def pool_deadline(self) -> tuple[Any, Any, Any]:
        """SQL of each private customer's pool rule values: (days, warn days, exempt stage position)."""
        specific = PoolRule.__table__.alias("specific")
        default = PoolRule.__table__.alias("fallback")
        days = func.coalesce(specific.c.days_without_follow_up, default.c.days_without_follow_up, 30)
        warn = func.coalesce(specific.c.warn_days_before, default.c.warn_days_before, 3)
        exempt = func.coalesce(specific.c.exempt_from_stage_position, default.c.exempt_from_stage_position)
        return (specific, default), (days, warn), exempt

    def _private_with_deadline(self) -> tuple[Select[Any], Any, Any, Any]:
        """Owned, live customers with their pool rule's days, warning days and deadline; exempt ones left out.

        Returns (statement selecting Customer, days, warn days), days, warn days, deadline. Customers with an
        open opportunity at or past the rule's exempt stage are left out.
        """
        (specific, default), (days, warn), exempt = self.pool_deadline()
        since = func.coalesce(Customer.last_follow_up_at, Customer.owned_since, Customer.created_at)
        deadline = since + func.make_interval(0, 0, 0, days)
        exempt_opp = (
            select(Opportunity.id)
            .join(PipelineStage, PipelineStage.id == Opportunity.stage_id)
            .where(
                Opportunity.customer_id == Customer.id, Opportunity.status == "open", PipelineStage.position >= exempt
            )
            .exists()
        )
        stmt = (
            select(Customer, days, warn)
            .outerjoin(specific, specific.c.grade == Customer.grade)
            .outerjoin(default, default.c.grade.is_(None))
            .where(
                Customer.pool_status == "private",
                Customer.owner_id.is_not(None),
                Customer.merged_into_id.is_(None),
                Customer.archived_at.is_(None),
                or_(exempt.is_(None), ~exempt_opp),
            )
        )
        return stmt, days, warn, deadline

    async def claim_pool_work(self, now: datetime, kind: str, limit: int) -> list[tuple[Customer, int, int]]:
        """Private customers due for a pool warning (`warn`) or reclaim (`reclaim`), locked, others skipped.

        Returns (customer, days, warn days).
        """
        stmt, _, warn, deadline = self._private_with_deadline()
        if kind == "reclaim":
            stmt = stmt.where(deadline <= now)
        else:
            stmt = stmt.where(
                deadline - func.make_interval(0, 0, 0, warn) <= now, deadline > now, Customer.pool_warned_at.is_(None)
            )
        stmt = (
            stmt.limit(limit).with_for_update(of=Customer, skip_locked=True).execution_options(populate_existing=True)
        )
        return [(row[0], int(row[1]), int(row[2])) for row in await self.session.execute(stmt)]

    async def pool_watchlist(
        self, principal: Principal | None, now: datetime, within_days: int, limit: int
    ) -> list[uuid.UUID]:
        """Ids of visible customers that return to the pool within `within_days` days, soonest first."""
        from rapport.customers.repository import visible_customers

        stmt, _, _, deadline = self._private_with_deadline()
        stmt = (
            stmt.with_only_columns(Customer.id)
            .where(visible_customers(principal), deadline <= now + timedelta(days=within_days))
            .order_by(deadline, Customer.id)
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def sales_force(self, principal: Principal) -> list[User]:
        """Active users with a sales role: all of them for directors and admins, else the viewer's team subtree."""
        from rapport.core.authz.policy import Scope, current

        stmt = (
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), UserRole.role_name.in_(("sales_rep", "sales_manager", "sales_director")))
            .distinct()
            .order_by(User.name, User.id)
        )
        if Scope.ALL not in current().for_roles(principal.roles).scope("Customer"):
            if not principal.team_path:
                stmt = stmt.where(User.id == principal.user_id)
            else:
                stmt = stmt.join(Team, Team.id == User.team_id).where(Team.path.startswith(principal.team_path))
        return list((await self.session.execute(stmt)).scalars())

    async def public_pool(
        self,
        *,
        provinces: Sequence[str] | None,
        grades: Sequence[str] | None,
        industries: Sequence[str] | None,
        after: tuple[datetime, uuid.UUID] | None,
        limit: int,
    ) -> list[Customer]:
        """Customers in the public pool, longest there first."""
        stmt = select(Customer).where(
            Customer.pool_status == "public", Customer.merged_into_id.is_(None), Customer.archived_at.is_(None)
        )
        for column, values in (
            (Customer.province, provinces),
            (Customer.grade, grades),
            (Customer.industry, industries),
        ):
            if values:
                stmt = stmt.where(column.in_(list(values)))
        since = func.coalesce(Customer.in_pool_since, Customer.created_at)
        if after is not None:
            stmt = stmt.where(keyset_after([since, Customer.id], list(after), descending=False))
        stmt = stmt.order_by(since, Customer.id).limit(limit)
        return list((await self.session.execute(stmt)).scalars())

    async def count_public_pool(
        self,
        *,
        provinces: Sequence[str] | None,
        grades: Sequence[str] | None,
        industries: Sequence[str] | None,
    ) -> int:
        """How many customers in the public pool match."""
        stmt = select(func.count()).where(
            Customer.pool_status == "public", Customer.merged_into_id.is_(None), Customer.archived_at.is_(None)
        )
        for column, values in (
            (Customer.province, provinces),
            (Customer.grade, grades),
            (Customer.industry, industries),
        ):
            if values:
                stmt = stmt.where(column.in_(list(values)))
        return int((await self.session.execute(stmt)).scalar_one())

    async def move_open_opportunities(
        self, customer_id: uuid.UUID, owner_id: uuid.UUID, team_id: uuid.UUID | None, now: datetime
    ) -> int:
        """Give a customer's open opportunities to its new owner."""
        result = await self.session.execute(
            update(Opportunity)
            .where(Opportunity.customer_id == customer_id, Opportunity.status == "open")
            .values(owner_id=owner_id, team_id=team_id, updated_at=now, version=Opportunity.version + 1)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def count_approvals(self, principal: Principal | None, statuses: Sequence[str] | None) -> int:
        """How many approval requests on visible opportunities match."""
        stmt = (
            select(func.count())
            .select_from(Approval)
            .join(Opportunity, Opportunity.id == Approval.opportunity_id)
            .where(visible_opportunities(principal))
        )
        if statuses:
            stmt = stmt.where(Approval.status.in_(list(statuses)))
        return int((await self.session.execute(stmt)).scalar_one())

    async def pool_customer_for_update(self, customer_id: uuid.UUID) -> Customer | None:
        """A customer, locked, whoever owns it."""
        stmt = (
            select(Customer)
            .where(Customer.id == customer_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def in_team_subtree(self, user_id: uuid.UUID, team_path: str) -> bool:
        """True when the user belongs to the team at `team_path` or a team below it."""
        stmt = (
            select(User.id)
            .join(Team, Team.id == User.team_id)
            .where(User.id == user_id, Team.path.startswith(team_path))
        )
        return (await self.session.execute(stmt)).first() is not None

    # targets ----------------------------------------------------------------------------------------------
    async def targets(self, period_start: Any, period_end: Any) -> list[SalesTarget]:
        """Targets whose period starts in a range."""
        stmt = select(SalesTarget).where(
            SalesTarget.period_start >= period_start, SalesTarget.period_start < period_end
        )
        return list((await self.session.execute(stmt)).scalars())
