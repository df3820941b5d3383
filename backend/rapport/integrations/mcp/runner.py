"""Running a tool's operation as its caller.

Read tools run queries only (the executor is told so, on top of their declaration); a dry run is the real mutation
rehearsed and rolled back (`rehearsal`); what the executor refuses and the `userErrors` of a payload become a tool
error whose text is in the caller's language. Each call is logged with the tool, the caller and the outcome.
"""

from __future__ import annotations

import enum
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from strawberry.types.graphql import OperationType

from rapport.config import Settings
from rapport.core.authz import store as policy_store
from rapport.core.authz.policy import current as current_policy
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.graphql.inprocess import execute_as
from rapport.integrations.mcp.operations import Operation
from rapport.integrations.mcp.rehearsal import rehearsal

log = logging.getLogger("rapport.mcp")

#: How the executor's requests for the MCP server are named in logs and in the audit (the request's client).
ON_BEHALF_OF = "mcp"


class Tier(enum.IntEnum):
    """What a tool may do; a server offers the tools up to its tier."""

    #: Reads only: its documents are queries, and the executor accepts nothing else from it.
    READ = 1
    #: Adds records (an activity, a ticket, a task); never changes or removes what exists.
    WRITE = 2
    #: Changes existing records or does what cannot be taken back (a reply the customer receives).
    DESTRUCTIVE = 3

    @property
    def label(self) -> str:
        """The tier's name as the `--tier` option and the docs spell it."""
        return self.name.lower()


#: The operation types the executor accepts for each tier.
ALLOWED: dict[Tier, tuple[OperationType, ...]] = {
    Tier.READ: (OperationType.QUERY,),
    Tier.WRITE: (OperationType.QUERY, OperationType.MUTATION),
    Tier.DESTRUCTIVE: (OperationType.QUERY, OperationType.MUTATION),
}


class ToolRefusedError(Exception):
    """The call did not do what was asked; `text` says why, in the caller's language."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Runtime:
    """What tool calls run on: the database and the settings the schema is built for."""

    db: Database
    settings: Settings


def _snake(name: str) -> str:
    """A GraphQL input field's name as the tools spell their arguments (`customerId` -> `customer_id`)."""
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _user_errors(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for value in data.values():
        if not isinstance(value, dict):
            continue
        for error in value.get("userErrors") or []:
            field = error.get("field")
            problems.append(f"{_snake(field.split('.')[-1])}: {error['message']}" if field else error["message"])
    return problems


async def run(
    runtime: Runtime,
    principal: Principal,
    tool: str,
    tier: Tier,
    operation: Operation,
    variables: dict[str, Any],
    *,
    dry_run: bool = False,
) -> dict[str, Any]:
    """The operation's data as `principal` reads it (for a dry run: after rolling back what it wrote).

    Raises ToolRefusedError with the executor's errors or the payload's `userErrors`.
    """
    if tier is Tier.READ and operation.kind != "query":
        raise RuntimeError(f"{tool} is a read tool and may send queries only, not {operation.name}")
    await policy_store.settled()  # a policy change already announced applies to this call
    document = operation.text(current_policy().for_roles(principal.roles))
    started = time.perf_counter()
    if dry_run:
        async with rehearsal(runtime.db) as db:
            result = await execute_as(
                db, runtime.settings, principal, document, variables, on_behalf_of=ON_BEHALF_OF, allowed=ALLOWED[tier]
            )
    else:
        result = await execute_as(
            runtime.db,
            runtime.settings,
            principal,
            document,
            variables,
            on_behalf_of=ON_BEHALF_OF,
            allowed=ALLOWED[tier],
        )
    data = result.data or {}
    problems = list(dict.fromkeys(error.message for error in result.errors or [])) or _user_errors(data)
    log.info(
        "mcp tool call",
        extra={
            "tool": tool,
            "operation": operation.name,
            "user_id": str(principal.user_id),
            "credential_id": str(principal.credential_id),
            "dry_run": dry_run,
            "outcome": "refused" if problems else "ok",
            "codes": sorted({str((error.extensions or {}).get("code")) for error in result.errors or []}),
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    if problems:
        raise ToolRefusedError("\n".join(problems))
    return data
