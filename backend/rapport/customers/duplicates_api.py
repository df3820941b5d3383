"""Likely duplicates over GraphQL: of a customer (its duplicates card), and of a customer about to be created.

Both are one statement (`repository.duplicates`), declared so that the compiled path and the resolvers run it.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from rapport.customers.enums import CustomerKind
from rapport.customers.service import DuplicateDraft, draft_duplicates, duplicates_of
from rapport.customers.types import CustomerDuplicate
from rapport.graphql.context import Info
from rapport.graphql.declare import Arguments, RootField, Rows
from rapport.graphql.kit import rows_of
from rapport.graphql.node import from_global_id


@strawberry.input(description="A customer about to be created, as far as the form knows it.")
class CustomerDuplicateDraft:
    """Name, kind and contact points of the new customer."""

    name: str = strawberry.field(description="Company or person name.")
    kind: CustomerKind = strawberry.field(default=CustomerKind.COMPANY, description="Company or person.")
    phones: list[str] = strawberry.field(
        default_factory=list, description="Its contacts' phone numbers, in any format."
    )
    emails: list[str] = strawberry.field(default_factory=list, description="Its contacts' email addresses.")


def _draft(name: str, kind: Any, phones: list[str], emails: list[str]) -> DuplicateDraft:
    # At most 200 characters of name and 10 phones and emails are looked at.
    return DuplicateDraft(
        name=name.strip()[:200], kind=str(getattr(kind, "value", kind)), phones=phones[:10], emails=emails[:10]
    )


def _of_customer(principal: Any, arguments: Arguments) -> Rows:
    # As `Query.customerDuplicates` (`id` arrives decoded: the compiler binds it per request).
    return duplicates_of(principal, arguments["id"])


def _of_draft(principal: Any, arguments: Arguments) -> Rows:
    # As `Query.customerDuplicateCheck`; the draft's values are part of the statement (one per draft).
    given = arguments["draft"]
    return draft_duplicates(
        principal, _draft(given["name"], given.get("kind"), given.get("phones") or [], given.get("emails") or [])
    )


@strawberry.type
class DuplicateQuery:
    """Root query fields of likely duplicates."""

    @strawberry.field(
        description="Likely duplicates of a customer: same phone or email, or (companies) the same trade name; "
        "strongest first, at most 20; empty when you may not see the customer.",
    )
    async def customer_duplicates(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The customer.")]
    ) -> list[CustomerDuplicate]:
        """Duplicate candidates, strongest first."""
        _, raw = from_global_id(id, "Customer")
        return await rows_of(info, duplicates_of(info.context.viewer, raw), CustomerDuplicate.from_row)

    @strawberry.field(
        description="Customers you may see that a customer about to be created would likely duplicate, strongest "
        "first, at most 20: check before saving (nothing is written; saving anyway stays possible).",
    )
    async def customer_duplicate_check(
        self,
        info: Info,
        draft: Annotated[CustomerDuplicateDraft, strawberry.argument(description="The new customer.")],
    ) -> list[CustomerDuplicate]:
        """Duplicate candidates of a draft."""
        value = _draft(draft.name, draft.kind, draft.phones, draft.emails)
        return await rows_of(info, draft_duplicates(info.context.viewer, value), CustomerDuplicate.from_row)


#: The compiled roots of likely duplicates (listed in the customers manifest).
ROOTS = {
    "customerDuplicates": RootField(
        "CustomerDuplicate",
        "list",
        _of_customer,
        arguments=frozenset({"id"}),
        global_id_arguments={"id": "Customer"},
    ),
    "customerDuplicateCheck": RootField("CustomerDuplicate", "list", _of_draft, arguments=frozenset({"draft"})),
}
