"""Data-subject export and erasure over GraphQL."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from rapport.customers import privacy
from rapport.customers.mutations import MergeCount
from rapport.graphql.context import Info
from rapport.graphql.kit import attempt
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError


@strawberry.input(description="Erase a person's data; irreversible.")
class DataSubjectEraseInput:
    """The customer and a confirmation."""

    customer_id: strawberry.ID = strawberry.field(description="The customer to anonymise.")
    confirm_name: str = strawberry.field(description="The customer's current name, typed again to confirm.")


@strawberry.type(description="The result of `dataSubjectErase`.")
class DataSubjectErasePayload:
    """What was anonymised."""

    erased: bool = strawberry.field(description="True once the data is gone.")
    contacts: int = strawberry.field(description="Contacts anonymised.")
    activities: int = strawberry.field(description="Activities kept but detached from the person.")
    other: list[MergeCount] = strawberry.field(description="Other records anonymised, e.g. leads.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type
class PrivacyQuery:
    """Root query fields of data-subject rights."""

    @strawberry.field(description="Everything held about a customer and its contacts, as JSON (audited).")
    async def data_subject_export(
        self, info: Info, customer_id: Annotated[strawberry.ID, strawberry.argument(description="The customer.")]
    ) -> JSON:
        """The export."""
        _, raw = from_global_id(customer_id, "Customer")
        async with info.context.write() as session:  # the export itself is audited
            return JSON(await privacy.export_subject(session, info.context.viewer, raw))


@strawberry.type
class PrivacyMutation:
    """Root mutation fields of data-subject rights."""

    @strawberry.mutation(description="Anonymise a customer and its contacts everywhere; irreversible, audited.")
    async def data_subject_erase(
        self, info: Info, input: Annotated[DataSubjectEraseInput, INPUT]
    ) -> DataSubjectErasePayload:
        """Erase."""
        _, raw = from_global_id(input.customer_id, "Customer")

        async def body() -> dict[str, int]:
            async with info.context.write() as session:
                return await privacy.erase_subject(session, info.context.viewer, raw, input.confirm_name)

        counts = await attempt(body)
        if isinstance(counts, list):
            return DataSubjectErasePayload(erased=False, contacts=0, activities=0, other=[], user_errors=counts)
        # The payload names contacts and activities (the activities domain's part); the other parts as a list.
        other = [MergeCount(kind=k, count=v) for k, v in counts.items() if k not in ("contacts", "activities")]
        return DataSubjectErasePayload(
            erased=True,
            contacts=counts["contacts"],
            activities=counts.get("activities", 0),
            other=other,
            user_errors=[],
        )
