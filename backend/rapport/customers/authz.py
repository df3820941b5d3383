"""What the customer graph's arguments and inputs read and write, for the enforcement layer."""

from __future__ import annotations

from typing import Any

from rapport.core.authz.policy import Access
from rapport.core.authz.rules import argument_rule, enum_reads, input_target, reads
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
for _field in ("customers", "customerGroups"):
    argument_rule(f"Query.{_field}", "filter")(customer_filter)
argument_rule("Query.customers", "orderBy")(enum_reads("Customer", CUSTOMER_SORT_FIELDS, key="field"))
argument_rule("Query.customerGroups", "by")(enum_reads("Customer", DIMENSION_FIELDS))


SEARCH_READS: dict[str, list[tuple[str, Access]]] = {
    "phone": [("Contact.phones", Access.READ)],
    "email": [("Contact.emails", Access.READ)],
    "name": [("Customer.name", Access.READ), ("Contact.name", Access.READ)],
}


@argument_rule("Query.customers", "search")
def _search(value: Any) -> list[tuple[str, Access]]:
    """Searching by phone or email needs those unmasked; by name, the names.

    What the search matches on comes from `search_kind`, the function the search itself runs on.
    """
    kind = search_kind(value) if isinstance(value, str) else None
    return SEARCH_READS[kind] if kind is not None else []


@argument_rule("Query.customerGroups", "revenueFrom")
@argument_rule("Query.customerGroups", "revenueTo")
@argument_rule("Query.contributionRanking", "revenueFrom")
@argument_rule("Query.contributionRanking", "revenueTo")
def _revenue_period(value: Any) -> list[tuple[str, Access]]:
    """Revenue in a period is order amounts."""
    return [("Order.totalAmount", Access.READ), ("Order.orderedAt", Access.READ)] if value is not None else []


@argument_rule("Query.contributionRanking", "provinces")
def _ranking_provinces(value: Any) -> list[tuple[str, Access]]:
    return [("Customer.province", Access.READ)] if value else []


@argument_rule("Query.contributionRanking", "first")
def _ranking(value: Any) -> list[tuple[str, Access]]:
    """A contribution ranking orders customers by revenue, whatever else is selected."""
    return [("Order.totalAmount", Access.READ)]


input_target("CustomerCreateInput", "Customer", contacts="contacts", tags="tags")
input_target("CustomerUpdateInput", "Customer")
input_target("CustomerTagInput", "Customer", tags="tags", customerId=None)
input_target("ContactInput", "Contact")
input_target("ContactCreateInput", "Contact", customerId=None)
input_target("ContactUpdateInput", "Contact")
