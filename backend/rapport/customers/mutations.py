"""Customer graph mutations: customers, contacts, tags and merge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any

import strawberry

from rapport.core.errors import BadUserInputError
from rapport.customers import service
from rapport.customers.inputs import (
    ContactCreateInput,
    ContactDeleteInput,
    ContactUpdateInput,
    CustomerCreateInput,
    CustomerMergeInput,
    CustomerTagInput,
    CustomerUpdateInput,
    CustomerVersionInput,
)
from rapport.customers.models import Contact as ContactRow
from rapport.customers.models import Customer as CustomerRow
from rapport.customers.repository import CustomerRepository
from rapport.customers.types import Contact, Customer
from rapport.graphql.context import Context, Info
from rapport.graphql.kit import attempt, outcome, read_after
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError

#: GraphQL input field names -> column names, where they differ.
_COLUMNS = {
    "birth_date": "birth_date",
    "marital_status": "marital_status",
    "credit_rating": "credit_rating",
    "risk_level": "risk_level",
    "id_number": "id_number",
    "owner_id": "owner_id",
}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def customer_values(data: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """Column values from an input object, skipping UNSET fields and turning ids into UUIDs."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(data, name, strawberry.UNSET)
        if value is strawberry.UNSET:
            continue
        if name == "owner_id":
            values[name] = None if value is None else from_global_id(value, "User")[1]
        else:
            values[name] = _plain(value)
    return values


_CUSTOMER_INPUT_FIELDS = (
    "kind",
    "name",
    "status",
    "grade",
    "source",
    "industry",
    "province",
    "city",
    "size",
    "gender",
    "birth_date",
    "occupation",
    "education",
    "marital_status",
    "credit_rating",
    "risk_level",
    "id_number",
    "address",
    "owner_id",
    "external_id",
)


@strawberry.type(description="The result of a mutation on a customer.")
class CustomerPayload:
    """The customer as it is now, or what went wrong."""

    customer: Customer | None = strawberry.field(description="The customer after the change.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of a mutation on a contact.")
class ContactPayload:
    """The contact as it is now, or what went wrong."""

    contact: Contact | None = strawberry.field(description="The contact after the change (null after delete).")
    customer: Customer | None = strawberry.field(description="The contact's customer.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="How many rows of one kind a merge moved or an erasure anonymised.")
class MergeCount:
    """One kind of moved rows."""

    kind: str = strawberry.field(description="contacts, orders, activities, tasks, tags...")
    count: int = strawberry.field(description="How many moved.")


@strawberry.type(description="The result of `customerMerge`.")
class CustomerMergePayload:
    """The survivor and what moved to it."""

    customer: Customer | None = strawberry.field(description="The surviving customer.")
    moved: list[MergeCount] = strawberry.field(description="What moved from the merged customer.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


async def _reload(ctx: Context, customer_id: Any) -> Customer | None:
    """The customer as the caller sees it now (other domains' payloads use it too)."""
    async with ctx.db.read() as session:
        rows = await CustomerRepository(session).by_ids(ctx.principal, [customer_id])
    return Customer.from_row(rows[0]) if rows else None


async def _customer_payload(info: Info, body: Callable[[], Awaitable[Any]]) -> CustomerPayload:
    """Run a unit of work that returns a customer id; the payload shows that customer as it is now (its id alone
    when the compiled path reads it after the write: `kit.read_after`)."""
    ctx, later = info.context, read_after(info, "customer")

    async def changed() -> Customer | None:
        customer_id = await body()
        return Customer.from_row(CustomerRow(id=customer_id)) if later else await _reload(ctx, customer_id)

    return await outcome(CustomerPayload, "customer", changed)


@strawberry.type
class CustomerMutation:
    """Root mutation fields of the customer graph."""

    @strawberry.mutation(
        description="Create a customer (you own it unless you name an owner).",
    )
    async def customer_create(self, info: Info, input: Annotated[CustomerCreateInput, INPUT]) -> CustomerPayload:
        """A new customer with contacts and tags."""
        ctx = info.context

        async def body() -> Any:
            draft = service.CustomerDraft(
                values=customer_values(input, _CUSTOMER_INPUT_FIELDS),
                contacts=[
                    service.ContactDraft(c.name, c.title, c.is_primary, c.phones, c.emails, c.language, c.time_zone)
                    for c in input.contacts
                ],
                tags=input.tags,
            )
            async with ctx.write() as session:
                return (await service.create_customer(session, ctx.viewer, draft)).id

        return await _customer_payload(info, body)

    @strawberry.mutation(
        description="Change a customer; a stale `version` is a CONFLICT and changes nothing.",
    )
    async def customer_update(self, info: Info, input: Annotated[CustomerUpdateInput, INPUT]) -> CustomerPayload:
        """Update a customer."""
        ctx = info.context

        async def body() -> Any:
            _, customer_id = from_global_id(input.id, "Customer")
            changes = customer_values(input, _CUSTOMER_INPUT_FIELDS)
            if changes.get("name", "") is None or changes.get("kind", "") is None or changes.get("status", "") is None:
                raise BadUserInputError("name, kind and status cannot be cleared.", field="name")
            async with ctx.write() as session:
                return (await service.update_customer(session, ctx.viewer, customer_id, input.version, changes)).id

        return await _customer_payload(info, body)

    @strawberry.mutation(
        description="Archive a customer (kept with its history, hidden from lists).",
    )
    async def customer_archive(self, info: Info, input: Annotated[CustomerVersionInput, INPUT]) -> CustomerPayload:
        """Archive a customer."""
        ctx = info.context
        _, customer_id = from_global_id(input.id, "Customer")
        async with ctx.write() as session:
            await service.archive_customer(session, ctx.viewer, customer_id, input.version)
        return CustomerPayload(customer=await _reload(ctx, customer_id), user_errors=[])

    @strawberry.mutation(description="Bring an archived customer back into lists (undo an archive).")
    async def customer_unarchive(self, info: Info, input: Annotated[CustomerVersionInput, INPUT]) -> CustomerPayload:
        """Unarchive a customer."""
        ctx = info.context
        _, customer_id = from_global_id(input.id, "Customer")

        async def body() -> Any:
            async with ctx.write() as session:
                return (await service.unarchive_customer(session, ctx.viewer, customer_id, input.version)).id

        return await _customer_payload(info, body)

    @strawberry.mutation(description="Add a contact to a customer.")
    async def contact_create(self, info: Info, input: Annotated[ContactCreateInput, INPUT]) -> ContactPayload:
        """A new contact."""
        ctx = info.context
        _, customer_id = from_global_id(input.customer_id, "Customer")

        async def body() -> Any:
            async with ctx.write() as session:
                customer = await service.locked_customer(session, ctx.viewer, customer_id)
                draft = service.ContactDraft(
                    input.name,
                    input.title,
                    input.is_primary,
                    input.phones,
                    input.emails,
                    input.language,
                    input.time_zone,
                )
                return await service.create_contact(session, ctx.viewer, customer, draft)

        return await _contact_payload(ctx, body)

    @strawberry.mutation(
        description="Change a contact; phones and emails given replace the old ones.",
    )
    async def contact_update(self, info: Info, input: Annotated[ContactUpdateInput, INPUT]) -> ContactPayload:
        """Update a contact."""
        ctx = info.context
        _, contact_id = from_global_id(input.id, "Contact")
        changes = {
            k: getattr(input, k)
            for k in ("name", "title", "is_primary", "phones", "emails", "language", "time_zone")
            if getattr(input, k) is not strawberry.UNSET
        }
        for key in ("phones", "emails"):
            if key in changes and changes[key] is None:
                changes[key] = []

        async def body() -> Any:
            async with ctx.write() as session:
                return await service.update_contact(session, ctx.viewer, contact_id, input.version, changes)

        return await _contact_payload(ctx, body)

    @strawberry.mutation(description="Delete a contact.")
    async def contact_delete(self, info: Info, input: Annotated[ContactDeleteInput, INPUT]) -> ContactPayload:
        """Delete a contact."""
        ctx = info.context
        _, contact_id = from_global_id(input.id, "Contact")
        async with ctx.write() as session:
            customer_id = await service.delete_contact(session, ctx.viewer, contact_id, input.version)
        return ContactPayload(contact=None, customer=await _reload(ctx, customer_id), user_errors=[])

    @strawberry.mutation(
        description="Put tags on a customer (new tag names create tags).",
    )
    async def customer_tag(self, info: Info, input: Annotated[CustomerTagInput, INPUT]) -> CustomerPayload:
        """Tag a customer."""
        return await _tagging(info, input, service.tag_customer)

    @strawberry.mutation(description="Take tags off a customer.")
    async def customer_untag(self, info: Info, input: Annotated[CustomerTagInput, INPUT]) -> CustomerPayload:
        """Untag a customer."""
        return await _tagging(info, input, service.untag_customer)

    @strawberry.mutation(
        description="Merge a duplicate into a survivor: contacts, activities, orders, tasks and tags move together.",
    )
    async def customer_merge(self, info: Info, input: Annotated[CustomerMergeInput, INPUT]) -> CustomerMergePayload:
        """Merge two customers."""
        ctx = info.context

        async def body() -> Any:
            _, survivor = from_global_id(input.survivor_id, "Customer")
            _, merged = from_global_id(input.merged_id, "Customer")
            async with ctx.write() as session:
                customer, moved = await service.merge_customers(session, ctx.viewer, survivor, merged)
                return customer.id, moved

        result = await attempt(body)
        if isinstance(result, list):
            return CustomerMergePayload(customer=None, moved=[], user_errors=result)
        customer_id, moved = result
        return CustomerMergePayload(
            customer=await _reload(ctx, customer_id),
            moved=[MergeCount(kind=k, count=v) for k, v in sorted(moved.items())],
            user_errors=[],
        )


async def _tagging(info: Info, input: CustomerTagInput, action: Any) -> CustomerPayload:
    _, customer_id = from_global_id(input.customer_id, "Customer")
    ctx = info.context

    async def body() -> Any:
        async with ctx.write() as session:
            return (await action(session, ctx.viewer, customer_id, input.tags)).id

    return await _customer_payload(info, body)


async def _contact_payload(ctx: Context, body: Callable[[], Awaitable[ContactRow]]) -> ContactPayload:
    """Run a unit of work that returns a contact; the payload shows it and its customer as they are now."""
    result = await attempt(body)
    if isinstance(result, list):
        return ContactPayload(contact=None, customer=None, user_errors=result)
    return ContactPayload(
        contact=Contact.from_row(result), customer=await _reload(ctx, result.customer_id), user_errors=[]
    )
