"""The GraphQL documents the MCP tools send, with selections kept to what the caller's policy lets them read.

A tool reads and writes only through these documents, run by the executor as the token's user
(`rapport.graphql.inprocess.execute_as`): the same whole-document policy check, masks, row scopes and audit as a
request over HTTP. A selection names every field the tool would like; the fields the caller may not read at all
are left out (as webhook payloads do), so that an assistant gets what its user may see instead of a refusal. The
executor's own check still runs on what is sent. The operation's kind (`query` or `mutation`) is fixed by its
declaration, whatever the policy: a read tool's documents are queries for every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapport.core.authz.enforce import required_access
from rapport.core.authz.policy import Access, PrincipalPolicy

#: A selection: a field (with literal arguments, e.g. `tickets(openOnly: true)`), or (field, its type, the
#: selection of its object).
Field = str | tuple[str, str, "Selection"]
Selection = tuple[Field, ...]

Kind = Literal["query", "mutation"]

USER_ERRORS: Field = ("userErrors", "UserError", ("field", "message", "code"))
PERSON: Selection = ("id", "name")


@dataclass(frozen=True)
class Root:
    """One root field of an operation: as written (arguments from the operation's variables), its type's name
    and what to select of it."""

    field: str
    type: str
    selection: Selection


@dataclass(frozen=True)
class Operation:
    """A named GraphQL operation a tool sends."""

    kind: Kind
    name: str
    #: The variable definitions, e.g. `($id: ID!)`.
    variables: str
    roots: tuple[Root, ...]

    def text(self, policy: PrincipalPolicy) -> str:
        """The document for a caller with this policy (cached per policy version and roles)."""
        key = (self.name, policy.version, policy.roles)
        known = _texts.get(key)
        if known is None:
            roots = " ".join(f"{root.field} {{ {_fields(policy, root.type, root.selection)} }}" for root in self.roots)
            known = f"{self.kind} {self.name}{self.variables} {{ {roots} }}"
            if len(_texts) >= 1024:
                _texts.clear()
            _texts[key] = known
        return known


_texts: dict[tuple[str, int, frozenset[str]], str] = {}


def _fields(policy: PrincipalPolicy, type_name: str, selection: Selection) -> str:
    """The selection without the fields the policy does not let the caller read at all (`__typename` when nothing
    is left, so that the executor still checks and runs the root)."""
    parts: list[str] = []
    for item in selection:
        field, inner = (item, None) if isinstance(item, str) else (item[0], item[1:])
        name = field.split("(", 1)[0]
        needed = required_access(type_name, name)
        if needed is not None and policy.access(f"{type_name}.{name}") < Access.MASKED:
            continue
        if inner is None:
            parts.append(field)
            continue
        nested = _fields(policy, inner[0], inner[1])
        if nested != "__typename":
            parts.append(f"{field} {{ {nested} }}")
    return " ".join(parts) or "__typename"


# --- what the tools select -------------------------------------------------------------------------------------

CONTACT: Selection = ("id", "name", "title", "isPrimary", "phones", "emails")

CUSTOMER_SUMMARY: Selection = (
    "id", "name", "kind", "status", "grade", "industry", "province", "city", "poolStatus", "lastActivityAt",
    ("owner", "User", PERSON),
    ("contacts", "Contact", ("id", "name", "isPrimary", "phones", "emails")),
)  # fmt: skip

CUSTOMER_360: Selection = (
    "id", "version", "name", "kind", "status", "grade", "source", "industry", "province", "city", "size", "address",
    "poolStatus", "poolDaysLeft", "archivedAt", "lastActivityAt", "lastFollowUpAt", "createdAt", "lifetimeValue",
    ("owner", "User", PERSON),
    ("team", "Team", PERSON),
    ("tags", "Tag", ("name",)),
    ("rfm", "Rfm", ("segment", "score")),
    ("contacts", "Contact", CONTACT),
    ("orderSummary", "OrderSummary", ("count", "totalAmount", "averageAmount", "firstOrderAt", "lastOrderAt")),
    ("opportunities", "Opportunity", (
        "id", "name", "amount", "status", "expectedClose", ("stage", "PipelineStage", ("key", "name")),
    )),
    ("tickets(openOnly: true)", "Ticket", ("id", "number", "subject", "status", "priority", "createdAt")),
    ("tasks", "Task", ("id", "title", "dueAt", "done", ("assignee", "User", PERSON))),
    ("activities(first: 10)", "ActivityConnection", (
        "totalCount",
        ("nodes", "Activity", ("id", "kind", "subject", "outcome", "occurredAt", ("actor", "User", PERSON))),
    )),
    ("orders(first: 5)", "OrderConnection", (
        "totalCount", ("nodes", "Order", ("id", "number", "status", "orderedAt", "totalAmount", "currency")),
    )),
)  # fmt: skip

TICKET: Selection = (
    "id", "version", "number", "subject", "category", "priority", "status", "escalationLevel", "createdAt",
    ("customer", "Customer", PERSON),
    ("queue", "Team", PERSON),
    ("assignee", "User", PERSON),
)  # fmt: skip

SEARCH_CUSTOMERS = Operation(
    "query",
    "McpSearchCustomers",
    "($search: String!, $first: Int!)",
    (
        Root(
            "customers(search: $search, first: $first)",
            "CustomerConnection",
            ("totalCount", ("nodes", "Customer", CUSTOMER_SUMMARY)),
        ),
    ),
)

CUSTOMER = Operation("query", "McpCustomer360", "($id: ID!)", (Root("customer(id: $id)", "Customer", CUSTOMER_360),))

SALES_FIGURES = Operation(
    "query",
    "McpSalesFigures",
    "($by: SalesDimension!, $from: Date, $to: Date, $period: SalesPeriod!, $periodStart: Date)",
    (
        Root(
            "performance: salesPerformance(by: $by, from: $from, to: $to)",
            "SalesPerformanceRow",
            (
                "key", "id", "wonAmount", "won", "lost", "open", "winRate", "avgCycleDays", "leads",
                "convertedLeads", "leadConversionRate", "target", "attainment",
            ),
        ),
        Root(
            "forecast: salesForecast(period: $period, periodStart: $periodStart)",
            "SalesForecast",
            (
                "periodStart", "periodEnd", "openCount", "openAmount", "weightedByProbability", "weightedByHistory",
                "wonAmount", "target", "attainment", "projectedAttainment",
            ),
        ),
        Root(
            "funnel: salesFunnel(from: $from, to: $to)",
            "FunnelStep",
            ("stageKey", "stageName", "reached", "amount", "toNext"),
        ),
    ),
)  # fmt: skip

LOG_ACTIVITY = Operation(
    "mutation",
    "McpLogActivity",
    "($input: ActivityLogInput!)",
    (
        Root(
            "activityLog(input: $input)",
            "ActivityLogPayload",
            (
                ("activity", "Activity", (
                    "id", "kind", "subject", "occurredAt", ("customer", "Customer", PERSON),
                    ("contact", "Contact", PERSON),
                )),
                USER_ERRORS,
            ),
        ),
    ),
)  # fmt: skip

CREATE_TASK = Operation(
    "mutation",
    "McpCreateTask",
    "($input: TaskCreateInput!)",
    (
        Root(
            "taskCreate(input: $input)",
            "TaskPayload",
            (
                ("task", "Task", (
                    "id", "title", "dueAt", "remindAt", ("assignee", "User", PERSON), ("customer", "Customer", PERSON),
                )),
                USER_ERRORS,
            ),
        ),
    ),
)  # fmt: skip

CREATE_TICKET = Operation(
    "mutation",
    "McpCreateTicket",
    "($input: TicketCreateInput!)",
    (Root("ticketCreate(input: $input)", "TicketPayload", (("ticket", "Ticket", TICKET), USER_ERRORS)),),
)


def _ticket_action(name: str, field: str, input_type: str, payload: str, extra: Selection = ()) -> Operation:
    return Operation(
        "mutation",
        name,
        f"($input: {input_type}!)",
        (Root(f"{field}(input: $input)", payload, (("ticket", "Ticket", TICKET), *extra, USER_ERRORS)),),
    )


#: `update_ticket`'s actions: the mutation each one sends.
TICKET_ACTIONS: dict[str, Operation] = {
    "comment": _ticket_action(
        "McpTicketComment", "ticketComment", "TicketCommentInput", "TicketCommentPayload",
        (("comment", "TicketComment", ("id", "public", "createdAt")),),
    ),
    "assign": _ticket_action("McpTicketAssign", "ticketAssign", "TicketAssignInput", "TicketPayload"),
    "start": _ticket_action("McpTicketStart", "ticketStart", "TicketActionInput", "TicketPayload"),
    "wait": _ticket_action("McpTicketWait", "ticketWait", "TicketActionInput", "TicketPayload"),
    "resolve": _ticket_action("McpTicketResolve", "ticketResolve", "TicketActionInput", "TicketResolvePayload"),
    "escalate": _ticket_action("McpTicketEscalate", "ticketEscalate", "TicketReasonInput", "TicketPayload"),
    "reopen": _ticket_action("McpTicketReopen", "ticketReopen", "TicketReasonInput", "TicketPayload"),
}  # fmt: skip
