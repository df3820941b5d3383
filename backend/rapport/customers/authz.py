"""What the customer graph's arguments and inputs read and write, for the enforcement layer (in the manifest)."""

from __future__ import annotations

from typing import Any

from rapport.core.authz.policy import Access
from rapport.core.authz.rules import ArgumentRule, InputTarget, enum_reads, reads
from rapport.core.text import search_kind

CUSTOMER_FILTER_FIELDS = {
    "kinds": "kind",
    "statuses": "status",
    "grades": "grade",
    "provinces": "province",
    "cities": "city",
    "industries": "industry",
    "ownerIds": "owner",
    "teamIds": "team",
    "tags": "tags",
    "rfmSegments": "rfm",
    "poolStatuses": "poolStatus",
    "createdFrom": "createdAt",
    "createdTo": "createdAt",
    "includeArchived": "archivedAt",
}
CUSTOMER_SORT_FIELDS = {
    "NAME": "name",
    "CREATED_AT": "createdAt",
    "UPDATED_AT": "updatedAt",
    "LAST_ACTIVITY_AT": "lastActivityAt",
    "GRADE": "grade",
}
DIMENSION_FIELDS = {
    "REGION": "province",
    "CITY": "city",
    "INDUSTRY": "industry",
    "GRADE": "grade",
    "STATUS": "status",
    "KIND": "kind",
    "GENDER": "gender",
    "AGE_BAND": "birthDate",
    "OCCUPATION": "occupation",
    "EDUCATION": "education",
    "MARITAL_STATUS": "maritalStatus",
    "RFM_SEGMENT": "rfm",
    "SOURCE": "source",
}

customer_filter = reads("Customer", CUSTOMER_FILTER_FIELDS)

SEARCH_READS: dict[str, list[tuple[str, Access]]] = {
    "phone": [("Contact.phones", Access.READ)],
    "email": [("Contact.emails", Access.READ)],
    "name": [("Customer.name", Access.READ), ("Contact.name", Access.READ)],
}


def _search(value: Any) -> list[tuple[str, Access]]:
    """Searching by phone or email needs those unmasked; by name, the names.

    What the search matches on comes from `search_kind`, the function the search itself runs on.
    """
    kind = search_kind(value) if isinstance(value, str) else None
    return SEARCH_READS[kind] if kind is not None else []


def _duplicate_draft(value: Any) -> list[tuple[str, Access]]:
    """Checking a draft by its phones or emails is a lookup by them: they must be readable unmasked."""
    if not isinstance(value, dict):
        return []
    needs = [("Customer.name", Access.READ)]
    if value.get("phones"):
        needs.append(("Contact.phones", Access.READ))
    if value.get("emails"):
        needs.append(("Contact.emails", Access.READ))
    return needs


def _revenue_period(value: Any) -> list[tuple[str, Access]]:
    """Revenue in a period is order amounts."""
    return [("Order.totalAmount", Access.READ), ("Order.orderedAt", Access.READ)] if value is not None else []


def _ranking_provinces(value: Any) -> list[tuple[str, Access]]:
    return [("Customer.province", Access.READ)] if value else []


def _ranking(value: Any) -> list[tuple[str, Access]]:
    """A contribution ranking orders customers by revenue, whatever else is selected."""
    return [("Order.totalAmount", Access.READ)]


ARGUMENT_RULES: dict[tuple[str, str], ArgumentRule] = {
    ("Query.customers", "filter"): customer_filter,
    ("Query.customerGroups", "filter"): customer_filter,
    ("Query.customers", "orderBy"): enum_reads("Customer", CUSTOMER_SORT_FIELDS, key="field"),
    ("Query.customerGroups", "by"): enum_reads("Customer", DIMENSION_FIELDS),
    ("Query.customers", "search"): _search,
    ("Query.customerDuplicateCheck", "draft"): _duplicate_draft,
    ("Query.customerGroups", "revenueFrom"): _revenue_period,
    ("Query.customerGroups", "revenueTo"): _revenue_period,
    ("Query.contributionRanking", "revenueFrom"): _revenue_period,
    ("Query.contributionRanking", "revenueTo"): _revenue_period,
    ("Query.contributionRanking", "provinces"): _ranking_provinces,
    ("Query.contributionRanking", "first"): _ranking,
}

#: `externalId` writes `externalId` (an input key ending in Id otherwise names a relation: `ownerId` -> `owner`).
_EXTERNAL: dict[str, str | None] = {"externalId": "externalId"}
INPUT_TARGETS = {
    "CustomerCreateInput": InputTarget("Customer", {"contacts": "contacts", "tags": "tags", **_EXTERNAL}),
    "CustomerUpdateInput": InputTarget("Customer", _EXTERNAL),
    "CustomerUpsertInput": InputTarget(
        "Customer", {"contacts": "contacts", "tags": "tags", "version": None, **_EXTERNAL}
    ),
    # The customer an order belongs to is written by either of its ids; lines make its total.
    "OrderUpsertInput": InputTarget(
        "Order",
        {"customerId": "customer", "customerExternalId": "customer", "lines": "totalAmount", **_EXTERNAL},
    ),
    "CustomerTagInput": InputTarget("Customer", {"tags": "tags", "customerId": None}),
    "ContactInput": InputTarget("Contact"),
    "ContactCreateInput": InputTarget("Contact", {"customerId": None}),
    "ContactUpdateInput": InputTarget("Contact"),
}
