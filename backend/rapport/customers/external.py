"""Customers by another system's id: create the customer an external id does not name yet, else update it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import external_ids
from rapport.core.errors import NotFoundError
from rapport.core.i18n import msg
from rapport.core.principal import Principal
from rapport.customers.locks import check_version, locked_customer
from rapport.customers.models import Customer
from rapport.customers.records import CustomerDraft, create_customer, tag_customer, update_customer
from rapport.customers.repository.external import customer_ids_by_external_id, visible_customer_ids


@dataclass
class Upserted:
    """The customer an upsert created or updated."""

    customer: Customer
    created: bool


async def upsert_customer(
    session: AsyncSession, principal: Principal, external_id: str, draft: CustomerDraft, version: int | None
) -> Upserted:
    """Create the customer with this external id, or update the one holding it (or the survivor it was merged
    into) with the given fields; tags are added, contacts only come with a new customer.

    Concurrent upserts of one external id are serialised: the second updates what the first created. A customer
    the caller may not see answers NOT_FOUND, as any id does; `version`, when given, must be current (CONFLICT).
    """
    key = external_ids.required(external_id)
    await external_ids.lock(session, "customer", [key])
    holder = (await customer_ids_by_external_id(session, [key])).get(key)
    if holder is None:
        draft.values["external_id"] = key
        return Upserted(await create_customer(session, principal, draft), True)
    customer = await locked_customer(session, principal, holder.survivor_id)
    if version is not None:
        check_version(customer.version, version, "customer")
    changes = {k: v for k, v in draft.values.items() if k != "external_id"}
    customer = await update_customer(session, principal, customer.id, customer.version, changes)
    if draft.tags:
        customer = await tag_customer(session, principal, customer.id, draft.tags)
    return Upserted(customer, False)


async def customer_id_by_external_id(
    session: AsyncSession, principal: Principal, external_id: str, *, field: str = "customerExternalId"
) -> uuid.UUID:
    """The customer an external id names (the survivor of its merges) if the caller may see it, else NOT_FOUND."""
    key = external_ids.required(external_id, field=field)
    holder = (await customer_ids_by_external_id(session, [key])).get(key)
    if holder is None or not await visible_customer_ids(session, principal, [holder.survivor_id]):
        raise NotFoundError(msg("No customer you can see has that external id."), field=field)
    return holder.survivor_id


async def visible_external_ids(session: AsyncSession, principal: Principal, keys: Iterable[str]) -> set[str]:
    """Of these external ids, those that name a customer (or the survivor of its merges) the caller may see."""
    holders = await customer_ids_by_external_id(session, list(keys))
    visible = await visible_customer_ids(session, principal, {h.survivor_id for h in holders.values()})
    return {key for key, h in holders.items() if h.survivor_id in visible}
