"""All SQL of the customer graph: row scopes, lists, what the declared fields read, and the rules' reads and writes.

- `scopes`: the row scope of customers and contacts (listed in the manifest);
- `lists`: filters, search and sort of customer lists;
- `reads`: one statement builder per declared relation (both read paths use them), and the orders they share;
- `timeline`: every source's entries merged newest first;
- `customer_repository` and `privacy`: what the rules read and write;
- `analysis` and `scoring`: dashboards' aggregates and the RFM refresh, each computed in SQL.
"""

from __future__ import annotations

from rapport.customers.models import REVENUE_STATUSES
from rapport.customers.repository.customer_repository import CustomerRepository
from rapport.customers.repository.lists import (
    NULLABLE_SORTS,
    SORTABLE,
    CustomerFilterSpec,
    SearchSpec,
    SortSpec,
    customer_order,
    filtered_customers,
)
from rapport.customers.repository.privacy import DataSubjectRepository
from rapport.customers.repository.scopes import ROW_SCOPES, visible_contacts, visible_customers

__all__ = [
    "NULLABLE_SORTS",
    "REVENUE_STATUSES",
    "ROW_SCOPES",
    "SORTABLE",
    "CustomerFilterSpec",
    "CustomerRepository",
    "DataSubjectRepository",
    "SearchSpec",
    "SortSpec",
    "customer_order",
    "filtered_customers",
    "visible_contacts",
    "visible_customers",
]
