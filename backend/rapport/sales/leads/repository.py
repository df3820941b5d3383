"""All SQL of leads: capture (rate limit, duplicates), lists, assignment rules, and a data subject's leads."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.audit import AuditEntry
from rapport.core.principal import Principal
from rapport.customers.service import contact_point_customers
from rapport.graphql.declare import Arguments, Rows
from rapport.identity.service import members_below
from rapport.sales.models import Lead, LeadRule, LeadSubmission
from rapport.sales.scopes import visible_leads

#: How many leads a customer's 360° view lists.
PER_CUSTOMER = 50
#: Leads as lists show them: newest first.
NEWEST_FIRST = (Lead.created_at.desc(), Lead.id.desc())


@dataclass(frozen=True)
class LeadFilterSpec:
    """What a lead list is filtered by."""

    statuses: Sequence[str] | None = None
    owner_ids: Sequence[uuid.UUID] | None = None
    sources: Sequence[str] | None = None
    unassigned: bool = False
    search: str | None = None


def lead_rows(principal: Principal | None, spec: LeadFilterSpec) -> Rows:
    """Visible leads matching a filter, newest first (`Query.leads`)."""
    stmt = select(Lead).where(visible_leads(principal))
    for column, values in ((Lead.status, spec.statuses), (Lead.owner_id, spec.owner_ids), (Lead.source, spec.sources)):
        if values:
            stmt = stmt.where(column.in_(list(values)))
    if spec.unassigned:
        stmt = stmt.where(Lead.owner_id.is_(None))
    if spec.search:
        escaped = spec.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        stmt = stmt.where(or_(Lead.name.ilike(pattern, escape="\\"), Lead.company.ilike(pattern, escape="\\")))
    return Rows(stmt, NEWEST_FIRST)


def customer_leads(customer: Any, principal: Principal | None, arguments: Arguments) -> Rows:
    """`Customer.leads`: visible leads that matched or were converted into the customer, newest first."""
    statement = select(Lead).where(Lead.customer_id == customer.id, visible_leads(principal))
    return Rows(statement, NEWEST_FIRST, PER_CUSTOMER)


def lead_rule_rows() -> Rows:
    """Every assignment rule, in the order they are tried (`Query.leadRules`, both read paths)."""
    return Rows(select(LeadRule), [LeadRule.position, LeadRule.id])


class LeadRepository:
    """Queries and writes of leads, submissions and assignment rules."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def region_counts(self) -> list[tuple[str | None, str | None, int]]:
        """Every (province, city) leads have, with how many leads have it."""
        stmt = select(Lead.province, Lead.city, func.count()).group_by(Lead.province, Lead.city)
        return [(row[0], row[1], int(row[2])) for row in await self.session.execute(stmt)]

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

    async def customer_with(self, kind: str, digest: bytes) -> uuid.UUID | None:
        """A customer with this phone or email (by its blind index), if any."""
        found: uuid.UUID | None = (await self.session.execute(contact_point_customers(kind, digest).limit(1))).scalar()
        return found

    async def leads_by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Lead]:
        """Visible leads with these ids."""
        stmt = select(Lead).where(Lead.id.in_(list(ids)), visible_leads(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def lead_rules(self) -> list[LeadRule]:
        """Active assignment rules in order."""
        stmt = select(LeadRule).where(LeadRule.active.is_(True)).order_by(LeadRule.position, LeadRule.id)
        return list((await self.session.execute(stmt)).scalars())

    async def lock_rule(self, rule_id: uuid.UUID) -> LeadRule | None:
        """A rule, locked (round robin advances one at a time)."""
        stmt = (
            select(LeadRule).where(LeadRule.id == rule_id).with_for_update().execution_options(populate_existing=True)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def delete_rule(self, rule_id: uuid.UUID) -> bool:
        """Remove an assignment rule; False when there was none."""
        result = await self.session.execute(delete(LeadRule).where(LeadRule.id == rule_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def team_reps(self, team_id: uuid.UUID) -> list[Any]:
        """(id, email) of the active sales reps of a team and the teams below it, by email."""
        stmt = members_below(team_id, "sales_rep")
        return list((await self.session.execute(stmt.order_by(stmt.selected_columns.email))).all())

    async def open_lead_counts(self, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Open (new or working) leads per user."""
        stmt = (
            select(Lead.owner_id, func.count())
            .where(Lead.owner_id.in_(list(user_ids)), Lead.status.in_(("new", "working")))
            .group_by(Lead.owner_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt) if row[0] is not None}

    async def customer_leads(self, principal: Principal, customer_id: uuid.UUID) -> list[Lead]:
        """The visible leads linked to a customer (a data subject export)."""
        stmt = select(Lead).where(Lead.customer_id == customer_id, visible_leads(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def erase_customer_leads(self, customer_id: uuid.UUID, now: datetime) -> int:
        """Blank the personal data of a customer's leads and of their audit entries; how many leads."""
        ids = list((await self.session.execute(select(Lead.id).where(Lead.customer_id == customer_id))).scalars())
        if not ids:
            return 0
        await self.session.execute(
            update(Lead)
            .where(Lead.id.in_(ids))
            .values(
                name="Erased",
                company=None,
                title=None,
                phone_enc=None,
                email_enc=None,
                phone_digest=None,
                email_digest=None,
                message=None,
                province=None,
                city=None,
                updated_at=now,
            )
        )
        await self.session.execute(
            update(AuditEntry).where(AuditEntry.entity_id.in_(ids)).values(changes={"erased": True})
        )
        return len(ids)

    async def reparent(self, merged_id: uuid.UUID, survivor_id: uuid.UUID) -> int:
        """Move a merged customer's leads to the survivor; how many."""
        result = await self.session.execute(
            update(Lead).where(Lead.customer_id == merged_id).values(customer_id=survivor_id)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


async def lead_by_id(session: AsyncSession, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Lead | None]:
    """Visible leads by id (the scoped batch load of `lead`, `node` and mutation payloads)."""
    found = {row.id: row for row in await LeadRepository(session).leads_by_ids(principal, ids)}
    return [found.get(i) for i in ids]
