"""GraphQL inputs of the customer graph."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from rapport.customers.enums import (
    CustomerDimension,
    CustomerKind,
    CustomerSortField,
    CustomerStatus,
    Gender,
    Grade,
    MaritalStatus,
    PoolStatus,
    RfmSegment,
    RiskLevel,
    SortDirection,
)

UNSET = strawberry.UNSET


@strawberry.input(description="A contact to add.")
class ContactInput:
    """Contact details; phones in any common format (normalised to E.164), emails any case."""

    name: str = strawberry.field(description="Full name.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    is_primary: bool = strawberry.field(default=False, description="Make this the customer's main contact.")
    phones: list[str] = strawberry.field(default_factory=list, description="Phone numbers.")
    emails: list[str] = strawberry.field(default_factory=list, description="Email addresses.")
    language: str | None = strawberry.field(
        default=None, description="The language Rapport writes to them in: zh-CN (the default) or en."
    )
    time_zone: str | None = strawberry.field(
        default=None,
        description="Where they live, an IANA time zone such as America/Los_Angeles (marketing's quiet hours are "
        "theirs); none: the marketing settings' time zone.",
    )


@strawberry.input(description="A new customer.")
class CustomerCreateInput:
    """The customer's details; only `name` is required."""

    name: str = strawberry.field(description="Company or person name.")
    kind: CustomerKind = strawberry.field(default=CustomerKind.COMPANY, description="Company or person.")
    status: CustomerStatus | None = strawberry.field(default=None, description="Default: prospect.")
    grade: Grade | None = strawberry.field(default=None, description="A to D.")
    source: str | None = strawberry.field(default=None, description="Where the customer came from.")
    industry: str | None = strawberry.field(default=None, description="Industry.")
    province: str | None = strawberry.field(default=None, description="Province or state.")
    city: str | None = strawberry.field(default=None, description="City.")
    size: str | None = strawberry.field(default=None, description="Company size band, e.g. 50-199.")
    gender: Gender | None = strawberry.field(default=None, description="Persons: gender.")
    birth_date: date | None = strawberry.field(default=None, description="Persons: date of birth.")
    occupation: str | None = strawberry.field(default=None, description="Persons: occupation.")
    education: str | None = strawberry.field(default=None, description="Persons: education.")
    marital_status: MaritalStatus | None = strawberry.field(default=None, description="Persons: marital status.")
    credit_rating: str | None = strawberry.field(default=None, description="Credit rating.")
    risk_level: RiskLevel | None = strawberry.field(default=None, description="Risk level.")
    id_number: str | None = strawberry.field(default=None, description="Persons: national ID number.")
    address: str | None = strawberry.field(default=None, description="Street address.")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="Owner; default: you.")
    contacts: list[ContactInput] = strawberry.field(
        default_factory=list, description="Contacts; for a person, the first becomes the primary contact."
    )
    tags: list[str] = strawberry.field(default_factory=list, description="Tag names (created when new).")
    external_id: str | None = strawberry.field(
        default=None, description="The customer's id in another system; unique (another customer's is refused)."
    )


@strawberry.input(description="The fields of a customer to set; omitted fields stay as they are, null clears.")
class CustomerFieldsInput:
    """Shared by `customerUpdate` and `customerUpsert` (never an argument itself)."""

    name: str | None = strawberry.field(default=UNSET, description="Name.")
    kind: CustomerKind | None = strawberry.field(default=UNSET, description="Company or person.")
    status: CustomerStatus | None = strawberry.field(default=UNSET, description="Status.")
    grade: Grade | None = strawberry.field(default=UNSET, description="Grade.")
    source: str | None = strawberry.field(default=UNSET, description="Source.")
    industry: str | None = strawberry.field(default=UNSET, description="Industry.")
    province: str | None = strawberry.field(default=UNSET, description="Province.")
    city: str | None = strawberry.field(default=UNSET, description="City.")
    size: str | None = strawberry.field(default=UNSET, description="Size band.")
    gender: Gender | None = strawberry.field(default=UNSET, description="Gender.")
    birth_date: date | None = strawberry.field(default=UNSET, description="Date of birth.")
    occupation: str | None = strawberry.field(default=UNSET, description="Occupation.")
    education: str | None = strawberry.field(default=UNSET, description="Education.")
    marital_status: MaritalStatus | None = strawberry.field(default=UNSET, description="Marital status.")
    credit_rating: str | None = strawberry.field(default=UNSET, description="Credit rating.")
    risk_level: RiskLevel | None = strawberry.field(default=UNSET, description="Risk level.")
    id_number: str | None = strawberry.field(default=UNSET, description="National ID number.")
    address: str | None = strawberry.field(default=UNSET, description="Street address.")
    owner_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Owner.")


@strawberry.input(description="Changes to a customer; omitted fields stay as they are, null clears.")
class CustomerUpdateInput(CustomerFieldsInput):
    """The customer, its version as read, and the fields to change."""

    id: strawberry.ID = strawberry.field(description="The customer.")
    version: int = strawberry.field(description="The version you read; a newer one in the database is a CONFLICT.")
    external_id: str | None = strawberry.field(default=UNSET, description="The customer's id in another system.")


@strawberry.input(description="A customer by its id in another system: created when new, else updated.")
class CustomerUpsertInput(CustomerFieldsInput):
    """The external id and the fields to set; omitted fields stay as they are (or take their defaults when the
    customer is created), null clears."""

    external_id: str = strawberry.field(description="The customer's id in your system.")
    version: int | None = strawberry.field(
        default=None, description="When given, the version you read: a newer one is a CONFLICT."
    )
    contacts: list[ContactInput] = strawberry.field(
        default_factory=list, description="Contacts of a customer created by this call (ignored on update)."
    )
    tags: list[str] = strawberry.field(default_factory=list, description="Tags to add (created when new).")


@strawberry.input(description="A customer and the version you read.")
class CustomerVersionInput:
    """Which customer, at which version."""

    id: strawberry.ID = strawberry.field(description="The customer.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="A new contact of a customer.")
class ContactCreateInput(ContactInput):
    """The contact and its customer."""

    customer_id: strawberry.ID = strawberry.field(description="The customer.")


@strawberry.input(description="Changes to a contact; omitted fields stay, phones and emails are replaced.")
class ContactUpdateInput:
    """The contact, its version and the fields to change."""

    id: strawberry.ID = strawberry.field(description="The contact.")
    version: int = strawberry.field(description="The version you read.")
    name: str | None = strawberry.field(default=UNSET, description="Full name.")
    title: str | None = strawberry.field(default=UNSET, description="Job title.")
    is_primary: bool | None = strawberry.field(default=UNSET, description="Main contact.")
    phones: list[str] | None = strawberry.field(default=UNSET, description="All phone numbers.")
    emails: list[str] | None = strawberry.field(default=UNSET, description="All email addresses.")
    language: str | None = strawberry.field(default=UNSET, description="The language Rapport writes to them in.")
    time_zone: str | None = strawberry.field(
        default=UNSET, description="An IANA time zone such as Asia/Shanghai; null or empty: none."
    )


@strawberry.input(description="A contact and the version you read.")
class ContactDeleteInput:
    """Which contact, at which version."""

    id: strawberry.ID = strawberry.field(description="The contact.")
    version: int = strawberry.field(description="The version you read.")


@strawberry.input(description="Tags to put on or take off a customer.")
class CustomerTagInput:
    """The customer and tag names."""

    customer_id: strawberry.ID = strawberry.field(description="The customer.")
    tags: list[str] = strawberry.field(description="Tag names.")


@strawberry.input(description="Two customers to merge.")
class CustomerMergeInput:
    """The survivor keeps its id; the merged one becomes a tombstone pointing at it."""

    survivor_id: strawberry.ID = strawberry.field(description="The customer that stays.")
    merged_id: strawberry.ID = strawberry.field(description="The duplicate that goes.")


@strawberry.input(description="What to filter customers by; every field narrows the list.")
class CustomerFilter:
    """Filters of the customer list (each list means 'any of')."""

    kinds: list[CustomerKind] | None = strawberry.field(default=None, description="Company or person.")
    statuses: list[CustomerStatus] | None = strawberry.field(default=None, description="Statuses.")
    grades: list[Grade] | None = strawberry.field(default=None, description="Grades.")
    provinces: list[str] | None = strawberry.field(default=None, description="Provinces (region).")
    cities: list[str] | None = strawberry.field(default=None, description="Cities.")
    industries: list[str] | None = strawberry.field(default=None, description="Industries.")
    owner_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Owners.")
    team_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Teams.")
    tags: list[str] | None = strawberry.field(default=None, description="Tag names (any).")
    rfm_segments: list[RfmSegment] | None = strawberry.field(default=None, description="RFM segments.")
    pool_statuses: list[PoolStatus] | None = strawberry.field(default=None, description="Private or public.")
    created_from: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_to: datetime | None = strawberry.field(default=None, description="Created before.")
    include_archived: bool = strawberry.field(default=False, description="Also archived customers.")


@strawberry.input(description="How to sort customers.")
class CustomerOrderBy:
    """A sort key and direction; ties are broken by id."""

    field: CustomerSortField = strawberry.field(description="The sort key.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description="Ascending or descending.")


__all__ = [
    "ContactCreateInput",
    "ContactDeleteInput",
    "ContactInput",
    "ContactUpdateInput",
    "CustomerCreateInput",
    "CustomerDimension",
    "CustomerFilter",
    "CustomerMergeInput",
    "CustomerOrderBy",
    "CustomerTagInput",
    "CustomerUpdateInput",
    "CustomerVersionInput",
]
