"""What a data subject export reads and an erasure writes of the customer graph (and of its audit trail)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.audit import AuditEntry
from rapport.customers.models import Contact, ContactPoint, CustomerTag, Order, OrderLine, Tag
from rapport.customers.repository.reads import CONTACT_ORDER, ORDERS_NEWEST_FIRST, TAG_ORDER


class DataSubjectRepository:
    """A customer's rows as a data subject sees them, and their anonymisation."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contacts(self, customer_id: uuid.UUID) -> list[Contact]:
        """The customer's contacts."""
        stmt = select(Contact).where(Contact.customer_id == customer_id).order_by(*CONTACT_ORDER)
        return list((await self.session.scalars(stmt)).all())

    async def tag_names(self, customer_id: uuid.UUID) -> list[str]:
        """The names of the customer's tags."""
        stmt = (
            select(Tag.name)
            .join(CustomerTag, CustomerTag.tag_id == Tag.id)
            .where(CustomerTag.customer_id == customer_id)
            .order_by(*TAG_ORDER)
        )
        return list((await self.session.scalars(stmt)).all())

    async def orders_with_lines(self, customer_id: uuid.UUID) -> list[tuple[Order, list[OrderLine]]]:
        """The customer's orders, newest first, each with its lines."""
        orders = list(
            (
                await self.session.scalars(
                    select(Order).where(Order.customer_id == customer_id).order_by(*ORDERS_NEWEST_FIRST)
                )
            ).all()
        )
        lines: dict[uuid.UUID, list[OrderLine]] = {order.id: [] for order in orders}
        if orders:
            stmt = select(OrderLine).where(OrderLine.order_id.in_(list(lines))).order_by(OrderLine.id)
            for line in (await self.session.scalars(stmt)).all():
                lines[line.order_id].append(line)
        return [(order, lines[order.id]) for order in orders]

    async def history(self, entity_id: uuid.UUID) -> list[AuditEntry]:
        """The audit trail of an entity, oldest first."""
        stmt = select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.at)
        return list((await self.session.scalars(stmt)).all())

    async def anonymise_contacts(self, customer_id: uuid.UUID, now: datetime) -> list[uuid.UUID]:
        """Erase the names, titles, phones and emails of the customer's contacts and their blind index; their ids."""
        ids = list((await self.session.scalars(select(Contact.id).where(Contact.customer_id == customer_id))).all())
        await self.session.execute(
            update(Contact)
            .where(Contact.customer_id == customer_id)
            .values(
                name="Erased",
                title=None,
                phones_enc=None,
                emails_enc=None,
                time_zone=None,
                search_tokens=[],
                updated_at=now,
            )
        )
        await self.session.execute(delete(ContactPoint).where(ContactPoint.customer_id == customer_id))
        return ids

    async def forget_changes(self, entity_ids: list[uuid.UUID]) -> None:
        """Keep what happened to these entities and when, but no longer the values (the audit trail)."""
        await self.session.execute(
            update(AuditEntry).where(AuditEntry.entity_id.in_(entity_ids)).values(changes={"erased": True})
        )
