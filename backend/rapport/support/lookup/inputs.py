"""GraphQL input of the phone lookup."""

from __future__ import annotations

import strawberry


@strawberry.input(description="A caller's phone number, to identify them.")
class CustomerPhoneLookupInput:
    """The whole number as the caller gives it (a fragment finds nothing)."""

    phone: str = strawberry.field(description="The whole phone number, e.g. 138 1234 5678 or +86 138 1234 5678.")
