"""The reads and writes the customer graph's rules run: customers, contacts, contact points, tags, orders, merge."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import principal_key
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.core.sql import cached_statement
from rapport.customers.models import Contact, ContactPoint, Customer, CustomerTag, Order, Product, Tag
from rapport.customers.repository.reads import CONTACT_ORDER, TAG_ORDER
from rapport.customers.repository.scopes import visible_contacts, visible_customers


class CustomerRepository:
    """Queries and writes of the customer graph."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # customers ------------------------------------------------------------------------------------------
    async def by_ids(self, principal: Principal | None, ids: Sequence[uuid.UUID]) -> list[Customer]:
        """Visible customers with these ids (tombstones included: callers follow `merged_into_id`)."""
        stmt = cached_statement(
            ("customers_by_ids", principal_key(principal)),
            lambda: select(Customer).where(
                Customer.id.in_(bindparam("ids", expanding=True)), visible_customers(principal)
            ),
        )
        return list((await self.session.scalars(stmt, {"ids": list(ids)})).all())

    async def id_by_external_id(self, external_id: str) -> uuid.UUID | None:
        """The customer holding an external id (merged ones too), whoever may see it."""
        return await self.session.scalar(select(Customer.id).where(Customer.external_id == external_id))

    async def oldest(self, limit: int) -> list[Customer]:
        """The first `limit` customers created that were not merged into another."""
        stmt = select(Customer).where(Customer.merged_into_id.is_(None)).order_by(Customer.created_at).limit(limit)
        return list((await self.session.scalars(stmt)).all())

    async def get_for_update(self, customer_id: uuid.UUID) -> Customer | None:
        """One customer, locked for this transaction."""
        stmt = (
            select(Customer)
            .where(Customer.id == customer_id)
            .with_for_update()
            .execution_options(populate_existing=True)  # what another transaction committed wins over the cache
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    # contacts -------------------------------------------------------------------------------------------
    async def contacts_of(self, customer_id: uuid.UUID) -> list[Contact]:
        """A customer's contacts, in their order (primary first, then by name)."""
        stmt = select(Contact).where(Contact.customer_id == customer_id).order_by(*CONTACT_ORDER)
        return list((await self.session.scalars(stmt)).all())

    async def contacts_by_ids(self, ids: Sequence[uuid.UUID], principal: Principal | None) -> list[Contact]:
        """Visible contacts with these ids."""
        stmt = select(Contact).where(Contact.id.in_(list(ids)), visible_contacts(principal))
        return list((await self.session.execute(stmt)).scalars())

    async def clear_primary(self, customer_id: uuid.UUID) -> None:
        """No contact of the customer is its primary one any more."""
        await self.session.execute(
            update(Contact)
            .where(Contact.customer_id == customer_id, Contact.is_primary.is_(True))
            .values(is_primary=False)
        )

    async def replace_contact_points(self, contact: Contact, points: Sequence[tuple[str, bytes]]) -> None:
        """Make the contact's blind-index rows exactly `points`."""
        await self.session.execute(delete(ContactPoint).where(ContactPoint.contact_id == contact.id))
        if points:
            await self.session.execute(
                insert(ContactPoint)
                .values(
                    [
                        {"contact_id": contact.id, "customer_id": contact.customer_id, "kind": k, "digest": d}
                        for k, d in sorted(set(points))
                    ]
                )
                .on_conflict_do_nothing()
            )

    async def contact_points_of(self, customer_id: uuid.UUID) -> list[tuple[str, bytes]]:
        """The blind-index digests of a customer's contact phones and emails."""
        stmt = select(ContactPoint.kind, ContactPoint.digest).where(
            ContactPoint.customer_id == customer_id, ContactPoint.kind.in_(("phone", "email"))
        )
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def customers_with_contact_points(
        self, points: Sequence[tuple[str, bytes]], principal: Principal | None, exclude: uuid.UUID | None
    ) -> list[tuple[uuid.UUID, str]]:
        """Visible live customers (but `exclude`) with a contact phone or email of these digests, and which kind."""
        if not points:
            return []
        wanted = or_(*(and_(ContactPoint.kind == kind, ContactPoint.digest == digest) for kind, digest in points))
        stmt = (
            select(ContactPoint.customer_id, ContactPoint.kind)
            .join(Customer, Customer.id == ContactPoint.customer_id)
            .where(wanted, Customer.merged_into_id.is_(None), visible_customers(principal))
            .distinct()
        )
        if exclude is not None:
            stmt = stmt.where(ContactPoint.customer_id != exclude)
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def ids_with_contact_point(self, kind: str, digest: bytes, limit: int) -> list[uuid.UUID]:
        """Every customer (merged ones not) with a contact whose phone or email (`kind`) has exactly this
        blind-index digest, whoever may see them, by name."""
        holders = select(ContactPoint.customer_id).where(ContactPoint.kind == kind, ContactPoint.digest == digest)
        stmt = (
            select(Customer.id)
            .where(Customer.id.in_(holders), Customer.merged_into_id.is_(None))
            .order_by(Customer.name, Customer.id)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def companies_with_name_tokens(
        self, tokens: Sequence[str], principal: Principal | None, exclude: uuid.UUID | None, limit: int = 300
    ) -> list[tuple[uuid.UUID, str]]:
        """Visible live companies (but `exclude`) whose name has all these search tokens (a trade name's), by id."""
        if not tokens:
            return []
        stmt = (
            select(Customer.id, Customer.name)
            .where(
                Customer.search_tokens.contains(list(tokens)),
                Customer.kind == "company",
                Customer.merged_into_id.is_(None),
                visible_customers(principal),
            )
            .order_by(Customer.id)
            .limit(limit)
        )
        if exclude is not None:
            stmt = stmt.where(Customer.id != exclude)
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def region_counts(self) -> list[tuple[str | None, str | None, int]]:
        """Every (province, city) live customers have, with how many customers have it."""
        stmt = (
            select(Customer.province, Customer.city, func.count())
            .where(Customer.merged_into_id.is_(None))
            .group_by(Customer.province, Customer.city)
        )
        return [(row[0], row[1], int(row[2])) for row in await self.session.execute(stmt)]

    # tags -----------------------------------------------------------------------------------------------
    async def ensure_tags(self, names: Sequence[str], now: datetime) -> list[Tag]:
        """The tags with these names, created when missing."""
        if not names:
            return []
        await self.session.execute(
            insert(Tag)
            .values([{"id": uuid7(), "name": n, "color": "blue", "created_at": now} for n in names])
            .on_conflict_do_nothing(index_elements=["name"])
        )
        result = await self.session.execute(select(Tag).where(Tag.name.in_(list(names))).order_by(*TAG_ORDER))
        return list(result.scalars())

    async def tag_customer(self, customer_id: uuid.UUID, tags: Sequence[Tag], now: datetime) -> None:
        """Put tags on a customer (tags it has already are kept)."""
        if tags:
            await self.session.execute(
                insert(CustomerTag)
                .values([{"customer_id": customer_id, "tag_id": t.id, "created_at": now} for t in tags])
                .on_conflict_do_nothing()
            )

    async def untag_customer(self, customer_id: uuid.UUID, names: Sequence[str]) -> None:
        """Take tags off a customer."""
        ids = select(Tag.id).where(Tag.name.in_(list(names)))
        await self.session.execute(
            delete(CustomerTag).where(CustomerTag.customer_id == customer_id, CustomerTag.tag_id.in_(ids))
        )

    # products -------------------------------------------------------------------------------------------
    async def products_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Product]:
        """Products with these ids (missing ones skipped)."""
        return list((await self.session.scalars(select(Product).where(Product.id.in_(list(ids))))).all())

    # orders ---------------------------------------------------------------------------------------------
    async def orders_by_ids(self, ids: Sequence[uuid.UUID]) -> list[Order]:
        """Orders with these ids."""
        return list((await self.session.execute(select(Order).where(Order.id.in_(list(ids))))).scalars())

    # merge ----------------------------------------------------------------------------------------------
    async def move_children(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> dict[str, int]:
        """Re-parent the merged customer's contacts, contact points, orders and tags onto the survivor."""
        moved: dict[str, int] = {}
        survivor_has_primary = (
            select(Contact.id).where(Contact.customer_id == survivor_id, Contact.is_primary.is_(True)).exists()
        )
        await self.session.execute(
            update(Contact).where(Contact.customer_id == merged_id, survivor_has_primary).values(is_primary=False)
        )
        for name, model in (("contacts", Contact), ("contact_points", ContactPoint), ("orders", Order)):
            result = await self.session.execute(
                update(model).where(model.customer_id == merged_id).values(customer_id=survivor_id)
            )
            moved[name] = int(result.rowcount)  # type: ignore[attr-defined]
        tags = await self.session.execute(
            insert(CustomerTag)
            .from_select(
                ["customer_id", "tag_id", "created_at"],
                select(literal(survivor_id), CustomerTag.tag_id, CustomerTag.created_at).where(
                    CustomerTag.customer_id == merged_id
                ),
            )
            .on_conflict_do_nothing()
        )
        moved["tags"] = int(tags.rowcount)  # type: ignore[attr-defined]
        await self.session.execute(delete(CustomerTag).where(CustomerTag.customer_id == merged_id))
        return moved
