"""Likely duplicates over GraphQL: of a customer (its duplicates card), and of a customer about to be created."""

from __future__ import annotations

from typing import Annotated

import strawberry

from rapport.customers import loaders
from rapport.customers.enums import CustomerKind, DuplicateReason
from rapport.customers.service import DuplicateCandidate, DuplicateDraft, check_draft, find_duplicates
from rapport.customers.types import Customer
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id


@strawberry.type(description="A likely duplicate of a customer.")
class CustomerDuplicate:
    """A candidate and the evidence."""

    customer: Customer = strawberry.field(description="The other customer.")
    reasons: list[DuplicateReason] = strawberry.field(description="Why it looks like the same one.")
    score: float = strawberry.field(description="Confidence from 0 to 1 (1: a shared phone or email).")
    trade_name: str | None = strawberry.field(
        description="The trade name both names share once region, industry and legal form are set aside "
        "(e.g. 华为 in 上海华为技术有限公司 and 华为技术(上海)有限公司); null when the names played no part."
    )


@strawberry.input(description="A customer about to be created, as far as the form knows it.")
class CustomerDuplicateDraft:
    """Name, kind and contact points of the new customer."""

    name: str = strawberry.field(description="Company or person name.")
    kind: CustomerKind = strawberry.field(default=CustomerKind.COMPANY, description="Company or person.")
    phones: list[str] = strawberry.field(
        default_factory=list, description="Its contacts' phone numbers, in any format."
    )
    emails: list[str] = strawberry.field(default_factory=list, description="Its contacts' email addresses.")


async def _duplicates(info: Info, candidates: list[DuplicateCandidate]) -> list[CustomerDuplicate]:
    rows = await info.context.loaders.scoped(loaders.customer_by_id).load_many([c.customer_id for c in candidates])
    return [
        CustomerDuplicate(
            customer=Customer.from_row(row),
            reasons=[DuplicateReason(r) for r in c.reasons],
            score=c.score,
            trade_name=c.trade_name,
        )
        for c, row in zip(candidates, rows, strict=True)
        if row is not None
    ]


@strawberry.type
class DuplicateQuery:
    """Root query fields of likely duplicates."""

    @strawberry.field(
        description="Likely duplicates of a customer: same phone or email, or (companies) the same trade name.",
    )
    async def customer_duplicates(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="The customer.")]
    ) -> list[CustomerDuplicate]:
        """Duplicate candidates, strongest first."""
        _, raw = from_global_id(id, "Customer")
        async with info.context.db.read() as session:
            candidates = await find_duplicates(session, info.context.viewer, raw)
        return await _duplicates(info, candidates)

    @strawberry.field(
        description="Customers you may see that a customer about to be created would likely duplicate, strongest "
        "first: check before saving (nothing is written; saving anyway stays possible).",
    )
    async def customer_duplicate_check(
        self,
        info: Info,
        draft: Annotated[CustomerDuplicateDraft, strawberry.argument(description="The new customer.")],
    ) -> list[CustomerDuplicate]:
        """Duplicate candidates of a draft."""
        value = DuplicateDraft(
            name=draft.name.strip()[:200], kind=draft.kind.value, phones=draft.phones[:10], emails=draft.emails[:10]
        )
        async with info.context.db.read() as session:
            candidates = await check_draft(session, info.context.viewer, value)
        return await _duplicates(info, candidates)
