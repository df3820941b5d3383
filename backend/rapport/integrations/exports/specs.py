"""What each list's export reads and writes: the list's own root field with the filter the web app sends, run page by
page as the caller, and the columns of the file.

A column is a path into one row of the answer; the operation selects only the fields the caller's policy lets
them read (`mcp.operations`, as the assistant's tools and webhook payloads do), so a column the caller may not see
is left out of the file rather than refusing the export, and a masked field is written masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rapport.core.i18n import Message, msg
from rapport.integrations.mcp.operations import Operation, Root, Selection

PAGE = 100
_PERSON: Selection = ("name",)


class ExportList(Enum):
    """The lists that can be exported."""

    CUSTOMERS = "customers"
    CONTACTS = "contacts"
    ORDERS = "orders"
    LEADS = "leads"
    OPPORTUNITIES = "opportunities"
    TICKETS = "tickets"


class ExportFormat(Enum):
    """File formats."""

    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Column:
    """One column: a dotted path into the row (`owner.name`; a list is joined with "; "), its header, and the
    field that decides whether the caller may see it (`Customer.owner`)."""

    path: str
    header: Message
    governed: str


@dataclass(frozen=True)
class Spec:
    """How one list is exported."""

    operation: Operation
    #: The root connection field paged through.
    root: str
    #: The variables the list takes from the web app (its filter, sort and search), besides first and after.
    variables: frozenset[str]
    columns: tuple[Column, ...]
    #: A field of each node whose items are the rows (contacts, orders of each customer), else the node is the row.
    rows_of: str | None = None


def _customers(name: str, selection: Selection) -> Operation:
    return Operation(
        "query",
        name,
        "($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrderBy, $search: String)",
        (
            Root(
                "customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy, search: $search)",
                "CustomerConnection",
                (("pageInfo", "PageInfo", ("hasNextPage", "endCursor")), ("nodes", "Customer", selection)),
            ),
        ),
    )


def _page_of(name: str, root: str, arguments: str, variables: str, node: str, selection: Selection) -> Operation:
    return Operation(
        "query",
        name,
        f"($first: Int, $after: String{variables})",
        (
            Root(
                f"{root}(first: $first, after: $after{arguments})",
                f"{node}Connection",
                (("pageInfo", "PageInfo", ("hasNextPage", "endCursor")), ("nodes", node, selection)),
            ),
        ),
    )


CUSTOMER_FIELDS: Selection = (
    "externalId",
    "name",
    "kind",
    "status",
    "grade",
    "source",
    "industry",
    "province",
    "city",
    "size",
    ("owner", "User", _PERSON),
    ("tags", "Tag", ("name",)),
    "lastFollowUpAt",
    "createdAt",
)
_CUSTOMER_COLUMNS = (
    Column("externalId", msg("External id"), "Customer.externalId"),
    Column("name", msg("Name"), "Customer.name"),
    Column("kind", msg("Kind"), "Customer.kind"),
    Column("status", msg("Status"), "Customer.status"),
    Column("grade", msg("Grade"), "Customer.grade"),
    Column("source", msg("Source"), "Customer.source"),
    Column("industry", msg("Industry"), "Customer.industry"),
    Column("province", msg("Province"), "Customer.province"),
    Column("city", msg("City"), "Customer.city"),
    Column("size", msg("Size"), "Customer.size"),
    Column("owner.name", msg("Owner"), "Customer.owner"),
    Column("tags.name", msg("Tags"), "Customer.tags"),
    Column("lastFollowUpAt", msg("Last follow-up"), "Customer.lastFollowUpAt"),
    Column("createdAt", msg("Created"), "Customer.createdAt"),
)
_CONTACT: Selection = ("name", "title", "isPrimary", "phones", "emails")
_ORDER: Selection = ("externalId", "number", "channel", "status", "orderedAt", "totalAmount", "currency")
_ORDERS_PAGE: str = "orders(first: 100)"

SPECS: dict[ExportList, Spec] = {
    ExportList.CUSTOMERS: Spec(
        _customers("ExportCustomers", CUSTOMER_FIELDS),
        "customers",
        frozenset({"filter", "orderBy", "search"}),
        _CUSTOMER_COLUMNS,
    ),
    ExportList.CONTACTS: Spec(
        _customers("ExportContacts", ("externalId", "name", ("contacts", "Contact", _CONTACT))),
        "customers",
        frozenset({"filter", "orderBy", "search"}),
        (
            Column("customer.externalId", msg("Customer external id"), "Customer.externalId"),
            Column("customer.name", msg("Customer"), "Customer.name"),
            Column("name", msg("Name"), "Contact.name"),
            Column("title", msg("Title"), "Contact.title"),
            Column("isPrimary", msg("Primary contact"), "Contact.isPrimary"),
            Column("phones", msg("Phones"), "Contact.phones"),
            Column("emails", msg("Emails"), "Contact.emails"),
        ),
        rows_of="contacts",
    ),
    ExportList.ORDERS: Spec(
        _customers(
            "ExportOrders",
            (
                "id",
                "externalId",
                "name",
                (
                    _ORDERS_PAGE,
                    "OrderConnection",
                    (("pageInfo", "PageInfo", ("hasNextPage", "endCursor")), ("nodes", "Order", _ORDER)),
                ),
            ),
        ),
        "customers",
        frozenset({"filter", "orderBy", "search"}),
        (
            Column("externalId", msg("External id"), "Order.externalId"),
            Column("number", msg("Order number"), "Order.number"),
            Column("customer.externalId", msg("Customer external id"), "Customer.externalId"),
            Column("customer.name", msg("Customer"), "Customer.name"),
            Column("channel", msg("Channel"), "Order.channel"),
            Column("status", msg("Status"), "Order.status"),
            Column("orderedAt", msg("Ordered"), "Order.orderedAt"),
            Column("totalAmount", msg("Amount"), "Order.totalAmount"),
            Column("currency", msg("Currency"), "Order.currency"),
        ),
        rows_of="orders",
    ),
    ExportList.LEADS: Spec(
        _page_of(
            "ExportLeads",
            "leads",
            ", filter: $filter",
            ", $filter: LeadFilter",
            "Lead",
            (
                "name",
                "company",
                "title",
                "source",
                "province",
                "city",
                "status",
                "score",
                "phone",
                "email",
                ("owner", "User", _PERSON),
                "createdAt",
            ),
        ),
        "leads",
        frozenset({"filter"}),
        (
            Column("name", msg("Name"), "Lead.name"),
            Column("company", msg("Company"), "Lead.company"),
            Column("title", msg("Title"), "Lead.title"),
            Column("source", msg("Source"), "Lead.source"),
            Column("province", msg("Province"), "Lead.province"),
            Column("city", msg("City"), "Lead.city"),
            Column("status", msg("Status"), "Lead.status"),
            Column("score", msg("Score"), "Lead.score"),
            Column("phone", msg("Phone"), "Lead.phone"),
            Column("email", msg("Email"), "Lead.email"),
            Column("owner.name", msg("Owner"), "Lead.owner"),
            Column("createdAt", msg("Created"), "Lead.createdAt"),
        ),
    ),
    ExportList.OPPORTUNITIES: Spec(
        _page_of(
            "ExportOpportunities",
            "opportunities",
            ", filter: $filter",
            ", $filter: OpportunityFilter",
            "Opportunity",
            (
                "name",
                "amount",
                "status",
                "expectedClose",
                ("stage", "PipelineStage", ("name",)),
                ("customer", "Customer", ("name",)),
                ("owner", "User", _PERSON),
                "lostReason",
                "closedAt",
                "createdAt",
            ),
        ),
        "opportunities",
        frozenset({"filter"}),
        (
            Column("name", msg("Name"), "Opportunity.name"),
            Column("customer.name", msg("Customer"), "Opportunity.customer"),
            Column("stage.name", msg("Stage"), "Opportunity.stage"),
            Column("amount", msg("Amount"), "Opportunity.amount"),
            Column("status", msg("Status"), "Opportunity.status"),
            Column("expectedClose", msg("Expected close"), "Opportunity.expectedClose"),
            Column("owner.name", msg("Owner"), "Opportunity.owner"),
            Column("lostReason", msg("Lost reason"), "Opportunity.lostReason"),
            Column("closedAt", msg("Closed"), "Opportunity.closedAt"),
            Column("createdAt", msg("Created"), "Opportunity.createdAt"),
        ),
    ),
    ExportList.TICKETS: Spec(
        _page_of(
            "ExportTickets",
            "tickets",
            ", filter: $filter",
            ", $filter: TicketFilter",
            "Ticket",
            (
                "number",
                "externalId",
                "subject",
                "status",
                "priority",
                "channel",
                "category",
                ("customer", "Customer", ("name",)),
                ("assignee", "User", _PERSON),
                "createdAt",
                "resolvedAt",
                "rating",
            ),
        ),
        "tickets",
        frozenset({"filter"}),
        (
            Column("number", msg("Ticket number"), "Ticket.number"),
            Column("externalId", msg("External id"), "Ticket.externalId"),
            Column("subject", msg("Subject"), "Ticket.subject"),
            Column("status", msg("Status"), "Ticket.status"),
            Column("priority", msg("Priority"), "Ticket.priority"),
            Column("channel", msg("Channel"), "Ticket.channel"),
            Column("category", msg("Category"), "Ticket.category"),
            Column("customer.name", msg("Customer"), "Ticket.customer"),
            Column("assignee.name", msg("Assignee"), "Ticket.assignee"),
            Column("createdAt", msg("Created"), "Ticket.createdAt"),
            Column("resolvedAt", msg("Resolved"), "Ticket.resolvedAt"),
            Column("rating", msg("Rating"), "Ticket.rating"),
        ),
    ),
}

#: The rest of one customer's orders past the first page (ExportList.ORDERS).
MORE_ORDERS = Operation(
    "query",
    "ExportMoreOrders",
    "($id: ID!, $after: String)",
    (
        Root(
            "customer(id: $id)",
            "Customer",
            (
                (
                    "orders(first: 100, after: $after)",
                    "OrderConnection",
                    (("pageInfo", "PageInfo", ("hasNextPage", "endCursor")), ("nodes", "Order", _ORDER)),
                ),
            ),
        ),
    ),
)
