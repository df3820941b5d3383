"""The MCP tools: what an AI assistant may ask of Rapport, each a GraphQL operation run as the token's user.

Every tool declares its tier and the operations it may send (`TOOLS`); a read tool's operations are queries
(checked here when the tool is declared, by the runner before each call, and by the executor, which is told to
accept queries only), so a tool approved as read-only can never write. Write and destructive tools take `dry_run`:
the same mutation rehearsed and rolled back, which answers exactly as the real call would (allowed, valid) and
writes nothing.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

import orjson
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from rapport.core import clock
from rapport.core.i18n import DEFAULT_LOCALE, Message, msg
from rapport.core.principal import Principal
from rapport.integrations.mcp import operations as ops
from rapport.integrations.mcp.host import host_of
from rapport.integrations.mcp.operations import Operation
from rapport.integrations.mcp.runner import Tier, ToolRefusedError, run

log = logging.getLogger("rapport.mcp")

Ctx = Context[Any, Any]
Id = Annotated[str, Field(description="A global id as Rapport's tools return it (e.g. from search_customers).")]
OptionalId = Annotated[str | None, Field(description="A global id, if any.")]
DryRun = Annotated[
    bool,
    Field(description="True: check that the call is allowed and valid, exactly as it would run, and write nothing."),
]
When = Annotated[
    str | None, Field(description="ISO 8601 date and time with its offset, e.g. 2026-12-10T09:30:00+08:00.")
]


def _answer(data: Any) -> CallToolResult:
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    return CallToolResult(content=[TextContent(text=text)], structured_content=data)


def _refusal(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(text=text)], is_error=True)


def _render(message: Message, principal: Principal | None) -> str:
    return message.render(principal.locale if principal else DEFAULT_LOCALE)


async def _call(ctx: Ctx, tool: str, build: Callable[[Principal], Awaitable[dict[str, Any]]]) -> CallToolResult:
    """Run a tool's body as the call's caller; what is refused becomes a tool error in their language."""
    host = host_of(ctx)
    principal: Principal | None = None
    try:
        principal = await host.caller_of(ctx)
        return _answer(await build(principal))
    except ToolRefusedError as refused:
        return _refusal(refused.text)
    except Exception:
        log.exception("mcp tool failed", extra={"tool": tool})
        return _refusal(_render(msg("The server could not complete this call; try again later."), principal))


async def _send(
    ctx: Ctx, principal: Principal, tool: str, operation: Operation, variables: dict[str, Any], dry_run: bool = False
) -> dict[str, Any]:
    host = host_of(ctx)
    spec = TOOLS[tool]
    if operation not in spec.operations:
        raise RuntimeError(f"{tool} does not declare {operation.name}")
    data = await run(host.runtime, principal, tool, spec.tier, operation, variables, dry_run=dry_run)
    if not dry_run:
        return data
    return {
        "dryRun": True,
        "wouldSucceed": True,
        "note": _render(msg("Dry run: the call is allowed and valid; nothing was written."), principal),
    }


def _written(data: dict[str, Any]) -> dict[str, Any]:
    """A mutation's payload without its (empty) userErrors; a dry run's answer as it is."""
    if data.get("dryRun"):
        return data
    (payload,) = data.values()
    return {key: value for key, value in payload.items() if key != "userErrors"}


def _input(**values: Any) -> dict[str, Any]:
    return {"input": {key: value for key, value in values.items() if value is not None}}


# --- read -------------------------------------------------------------------------------------------------------


async def search_customers(
    ctx: Ctx,
    query: Annotated[str, Field(description="Words of the name (Chinese or Latin), a city, or a whole phone number.")],
    first: Annotated[int, Field(ge=1, le=50, description="How many customers to return (at most 50).")] = 10,
) -> CallToolResult:
    """Find customers the user may see by name, region or contact. Returns each customer's id (for customer_360),
    status, grade, owner and contacts; values the user may only see masked stay masked (138****5678)."""

    async def body(principal: Principal) -> dict[str, Any]:
        data = await _send(ctx, principal, "search_customers", ops.SEARCH_CUSTOMERS, {"search": query, "first": first})
        return dict(data["customers"])

    return await _call(ctx, "search_customers", body)


async def customer_360(ctx: Ctx, customer_id: Id) -> CallToolResult:
    """Everything the user may read about one customer: profile, owner, tags, contacts, order summary and recent
    orders, open opportunities, open tickets, tasks and the latest activities. Masked values stay masked."""

    async def body(principal: Principal) -> dict[str, Any]:
        data = await _send(ctx, principal, "customer_360", ops.CUSTOMER, {"id": customer_id})
        if data.get("customer") is None:
            raise ToolRefusedError(_render(msg("No customer with this id, or you may not see it."), principal))
        return dict(data["customer"])

    return await _call(ctx, "customer_360", body)


def _next_period(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


async def sales_figures(
    ctx: Ctx,
    period: Annotated[Literal["month", "quarter"], Field(description="A month or a quarter.")] = "month",
    period_start: Annotated[
        date | None,
        Field(
            description="The period's first day (a quarter starts in January, April, July or October); "
            "default: the current period."
        ),
    ] = None,
    by: Annotated[
        Literal["rep", "team", "region", "month"], Field(description="How to group the performance rows.")
    ] = "rep",
) -> CallToolResult:
    """Sales figures of a period, as far as the user may see them: performance (won amount, win rate, lead
    conversion, target attainment) grouped by rep, team, region or month; the forecast (weighted pipeline against
    the target); and the funnel of deals opened in the period by stage."""

    async def body(principal: Principal) -> dict[str, Any]:
        months = 1 if period == "month" else 3
        today = clock.now().astimezone(clock.BUSINESS_TZ).date()
        start = period_start or date(today.year, (today.month - 1) // months * months + 1, 1)
        variables = {
            "by": by.upper(),
            "from": start.isoformat(),
            "to": _next_period(start, months).isoformat(),
            "period": period.upper(),
            "periodStart": start.isoformat(),
        }
        return await _send(ctx, principal, "sales_figures", ops.SALES_FIGURES, variables)

    return await _call(ctx, "sales_figures", body)


# --- write: adds records ----------------------------------------------------------------------------------------


async def log_activity(
    ctx: Ctx,
    customer_id: Id,
    kind: Annotated[Literal["call", "meeting", "visit", "email", "note"], Field(description="What happened.")],
    subject: Annotated[str, Field(description="What it was about, in a line.")],
    body: Annotated[str | None, Field(description="Notes.")] = None,
    outcome: Annotated[str | None, Field(description="The result.")] = None,
    occurred_at: When = None,
    contact_id: OptionalId = None,
    opportunity_id: OptionalId = None,
    dry_run: DryRun = False,
) -> CallToolResult:
    """Log a call, meeting, visit, email or note on a customer's timeline (default time: now)."""

    async def run_it(principal: Principal) -> dict[str, Any]:
        variables = _input(
            customerId=customer_id, kind=kind.upper(), subject=subject, body=body, outcome=outcome,
            occurredAt=occurred_at, contactId=contact_id, opportunityId=opportunity_id,
        )  # fmt: skip
        return _written(await _send(ctx, principal, "log_activity", ops.LOG_ACTIVITY, variables, dry_run))

    return await _call(ctx, "log_activity", run_it)


async def create_ticket(
    ctx: Ctx,
    subject: Annotated[str, Field(description="What it is about, in a line.")],
    category: Annotated[str, Field(description="Category, e.g. billing, installation (drives routing and SLA).")],
    description: Annotated[str | None, Field(description="The request in detail.")] = None,
    customer_id: OptionalId = None,
    contact_id: OptionalId = None,
    priority: Annotated[Literal["low", "normal", "high", "urgent"], Field(description="How urgent.")] = "normal",
    channel: Annotated[
        Literal["phone", "email", "web", "portal", "wechat", "api"], Field(description="Where the request came from.")
    ] = "api",
    dry_run: DryRun = False,
) -> CallToolResult:
    """Open a service ticket for a customer: it is routed to a queue and an agent when a rule matches, its SLA
    starts, and the customer's contact is sent an acknowledgement."""

    async def run_it(principal: Principal) -> dict[str, Any]:
        variables = _input(
            subject=subject, category=category, description=description, customerId=customer_id,
            contactId=contact_id, priority=priority.upper(), channel=channel.upper(),
        )  # fmt: skip
        return _written(await _send(ctx, principal, "create_ticket", ops.CREATE_TICKET, variables, dry_run))

    return await _call(ctx, "create_ticket", run_it)


async def create_task(
    ctx: Ctx,
    title: Annotated[str, Field(description="What to do.")],
    due_at: Annotated[
        str, Field(description="When it is due: ISO 8601 with its offset, e.g. 2026-12-10T18:00:00+08:00.")
    ],
    customer_id: OptionalId = None,
    opportunity_id: OptionalId = None,
    assignee_id: Annotated[str | None, Field(description="The user who does it (a global id); default: you.")] = None,
    notes: Annotated[str | None, Field(description="Details.")] = None,
    remind_at: When = None,
    dry_run: DryRun = False,
) -> CallToolResult:
    """Create a follow-up task, about a customer or a deal if given, for the user or someone they may assign."""

    async def run_it(principal: Principal) -> dict[str, Any]:
        variables = _input(
            title=title, dueAt=due_at, customerId=customer_id, opportunityId=opportunity_id, assigneeId=assignee_id,
            notes=notes, remindAt=remind_at,
        )  # fmt: skip
        return _written(await _send(ctx, principal, "create_task", ops.CREATE_TASK, variables, dry_run))

    return await _call(ctx, "create_task", run_it)


# --- destructive: changes what exists ---------------------------------------------------------------------------

TicketAction = Literal["comment", "note", "assign", "start", "wait", "resolve", "escalate", "reopen"]


def _ticket_variables(
    principal: Principal, action: str, ticket_id: str, text: str | None, agent_id: str | None, version: int | None
) -> dict[str, Any]:
    if action in ("comment", "note"):
        if not text:
            raise ToolRefusedError(_render(msg("Give the text of the comment in text."), principal))
        return _input(id=ticket_id, body=text, public=action == "comment")
    if action == "assign":
        if not agent_id:
            raise ToolRefusedError(_render(msg("Name the agent to assign the ticket to in agent_id."), principal))
        return _input(id=ticket_id, agentId=agent_id, version=version)
    if action in ("escalate", "reopen"):
        return _input(id=ticket_id, reason=text)
    return _input(id=ticket_id, version=version)


async def update_ticket(
    ctx: Ctx,
    ticket_id: Id,
    action: Annotated[
        TicketAction,
        Field(
            description="comment: a public reply the customer receives; note: an internal note; assign: give it to "
            "agent_id; start: work on it; wait: wait on the customer (the SLA pauses); resolve: resolve it (the "
            "customer is asked to rate it); escalate; reopen."
        ),
    ],
    text: Annotated[str | None, Field(description="The comment or note; the reason to escalate or reopen.")] = None,
    agent_id: Annotated[str | None, Field(description="assign: the agent's user id (global id).")] = None,
    version: Annotated[
        int | None, Field(description="The ticket's version you read; the call is refused if it changed since.")
    ] = None,
    dry_run: DryRun = False,
) -> CallToolResult:
    """Work a service ticket: reply, add an internal note, assign, start, wait on the customer, resolve, escalate or
    reopen it. Replies and resolutions reach the customer and cannot be taken back: try a dry run first."""

    async def run_it(principal: Principal) -> dict[str, Any]:
        operation = ops.TICKET_ACTIONS["comment" if action == "note" else action]
        variables = _ticket_variables(principal, action, ticket_id, text, agent_id, version)
        return _written(await _send(ctx, principal, "update_ticket", operation, variables, dry_run))

    return await _call(ctx, "update_ticket", run_it)


# --- the catalog ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolSpec:
    """A tool: its tier and the operations it may send."""

    name: str
    title: str
    tier: Tier
    operations: tuple[Operation, ...]
    function: Callable[..., Awaitable[CallToolResult]]
    #: Calling it again with the same arguments changes nothing more.
    idempotent: bool = False
    #: It reaches people outside Rapport (an email to the customer).
    open_world: bool = False

    def __post_init__(self) -> None:
        if self.tier is Tier.READ and any(operation.kind != "query" for operation in self.operations):
            raise ValueError(f"the read tool {self.name} declares an operation that is not a query")

    def annotations(self) -> ToolAnnotations:
        """The tier as MCP tool annotations."""
        return ToolAnnotations(
            title=self.title,
            read_only_hint=self.tier is Tier.READ,
            destructive_hint=self.tier is Tier.DESTRUCTIVE,
            idempotent_hint=self.idempotent,
            open_world_hint=self.open_world,
        )


_SPECS = (
    ToolSpec("search_customers", "Search customers", Tier.READ, (ops.SEARCH_CUSTOMERS,), search_customers, True),
    ToolSpec("customer_360", "Customer 360° view", Tier.READ, (ops.CUSTOMER,), customer_360, True),
    ToolSpec("sales_figures", "Sales figures", Tier.READ, (ops.SALES_FIGURES,), sales_figures, True),
    ToolSpec("log_activity", "Log an activity", Tier.WRITE, (ops.LOG_ACTIVITY,), log_activity),
    ToolSpec("create_ticket", "Open a ticket", Tier.WRITE, (ops.CREATE_TICKET,), create_ticket, open_world=True),
    ToolSpec("create_task", "Create a task", Tier.WRITE, (ops.CREATE_TASK,), create_task),
    ToolSpec(
        "update_ticket", "Work a ticket", Tier.DESTRUCTIVE, tuple(ops.TICKET_ACTIONS.values()), update_ticket,
        open_world=True,
    ),
)  # fmt: skip

#: Every tool by name.
TOOLS: dict[str, ToolSpec] = {spec.name: spec for spec in _SPECS}
