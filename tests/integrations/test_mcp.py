"""The MCP server (`rapport mcp`): a real MCP client lists the tools and calls them as two roles, over stdio (the
command as a subprocess) and streamable HTTP (a server process), on the test database.

The rep owns the customer and reads its contact's phone in clear; the service agent reads the same customer (it is
on a ticket of the agent's queue) with the phone masked; neither sees the other rep's customer. Writes make exactly
what GraphQL makes; dry runs write nothing yet report refusals; the read tier offers and accepts reads only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from graphql import OperationType, get_operation_ast, parse, validate
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult, TextContent
from sqlalchemy import text
from strawberry.schema.exceptions import InvalidOperationTypeError

from rapport.config import Settings
from rapport.core.authz.policy import current as current_policy
from rapport.core.db import Database
from rapport.customers.service import ContactDraft
from rapport.graphql.inprocess import execute_as, schema_for
from rapport.graphql.node import to_global_id
from rapport.identity.service import acting_as, create_api_token, revoke_api_token
from rapport.integrations.mcp.operations import Operation, Root
from rapport.integrations.mcp.runner import Tier
from rapport.integrations.mcp.tools import TOOLS, ToolSpec, search_customers
from tests import factories
from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.usefixtures("demo")

PHONE, MASKED = "+8613812345678", "138****5678"  # as stored (normalised), and masked
ROLES = (
    "admin", "sales_rep", "sales_manager", "sales_director", "service_agent", "service_supervisor", "marketing",
    "analyst", "integrator", "customer", "anonymous",
)  # fmt: skip


# --- the declarations, for every role ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_document_is_valid_and_every_read_tools_document_is_a_query(settings: Settings, role: str) -> None:
    schema = schema_for(settings)._schema
    policy = current_policy().for_roles({role})
    for spec in TOOLS.values():
        for operation in spec.operations:
            document = parse(operation.text(policy))
            assert not validate(schema, document), (spec.name, role, validate(schema, document))
            kind = get_operation_ast(document)
            assert kind is not None
            if spec.tier is Tier.READ:
                assert kind.operation is OperationType.QUERY, (spec.name, operation.name)
            else:
                assert kind.operation in (OperationType.QUERY, OperationType.MUTATION)


def test_the_tiers_of_the_tools_are_as_approved() -> None:
    """A tool approved at a tier keeps it: moving one (a read tool gaining writes) must change this table."""
    assert {name: spec.tier.label for name, spec in TOOLS.items()} == {
        "search_customers": "read", "customer_360": "read", "sales_figures": "read",
        "log_activity": "write", "create_ticket": "write", "create_task": "write",
        "update_ticket": "destructive",
    }  # fmt: skip


def test_a_read_tool_cannot_declare_a_mutation() -> None:
    writing = Operation("mutation", "Sneaky", "", (Root("logout", "LogoutPayload", ("ok",)),))
    with pytest.raises(ValueError, match="not a query"):
        ToolSpec("sneaky", "Sneaky", Tier.READ, (writing,), search_customers)


async def test_the_executor_refuses_a_mutation_to_a_read_tool(db: Database, settings: Settings) -> None:
    rep = await factories.principal(db, "rep@demo.example")
    mine = await factories.customer(db, rep, "Huadong Trading")
    document = TOOLS["log_activity"].operations[0].text(current_policy().for_roles(rep.roles))
    variables = {"input": {"customerId": to_global_id("Customer", mine.id), "kind": "CALL", "subject": "Hi"}}
    with pytest.raises(InvalidOperationTypeError):
        await execute_as(db, settings, rep, document, variables, allowed=(OperationType.QUERY,))
    assert await _count(db, "activity") == 0
    written = await execute_as(db, settings, rep, document, variables)
    assert not written.errors
    assert await _count(db, "activity") == 1


# --- a world of two roles ----------------------------------------------------------------------------------------


@dataclass
class World:
    rep_token: str
    agent_token: str
    rep_token_id: uuid.UUID
    mine: str  # the rep's customer (global id), on a ticket of the agent's queue
    ticket: str
    theirs: str  # another rep's customer


async def _world(db: Database, settings: Settings) -> World:
    rep = await factories.principal(db, "rep@demo.example")
    rep2 = await factories.principal(db, "rep2@demo.example")
    agent = await factories.principal(db, "agent@demo.example")
    contact = ContactDraft(
        name="Wang Fang", is_primary=True, phones=["+86 138 1234 5678"], emails=["wang.fang@example.com"]
    )
    mine = await factories.customer(db, rep, "Huadong Trading", contacts=[contact])
    theirs = await factories.customer(db, rep2, "Beifang Steel", contacts=[ContactDraft(name="Li Na")])
    created = await execute_as(
        db,
        settings,
        rep,
        "mutation($i: TicketCreateInput!) { ticketCreate(input: $i) { ticket { id } userErrors { message } } }",
        {"i": {"subject": "Invoice wrong", "category": "billing", "customerId": to_global_id("Customer", mine.id)}},
    )
    assert not created.errors, created.errors
    async with db.write() as session:
        await session.execute(
            text("UPDATE ticket SET queue_id = :team, assignee_id = :agent WHERE customer_id = :customer"),
            {"team": agent.team_id, "agent": agent.user_id, "customer": mine.id},
        )
        admin = await acting_as(session, "admin@demo.example")
        assert admin is not None
        rep_token = await create_api_token(session, name="Rep's assistant", user_id=rep.user_id, created_by=admin,
                                           expires_at=None)  # fmt: skip
        agent_token = await create_api_token(session, name="Agent's assistant", user_id=agent.user_id,
                                             created_by=admin, expires_at=None)  # fmt: skip
        ticket_id = (await session.execute(text("SELECT id FROM ticket WHERE customer_id = :c"), {"c": mine.id})).one()
    return World(
        rep_token.secret,
        agent_token.secret,
        rep_token.token.id,
        to_global_id("Customer", mine.id),
        to_global_id("Ticket", ticket_id[0]),
        to_global_id("Customer", theirs.id),
    )


def _environment(settings: Settings, **extra: str) -> dict[str, str]:
    assert settings.database_url
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "RAPPORT_ENV": "test",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")]),
        **extra,
    }


@asynccontextmanager
async def _stdio(settings: Settings, token: str, *options: str) -> AsyncIterator[Client]:
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "rapport", "mcp", *options],
        env=_environment(settings, RAPPORT_API_TOKEN=token),
        cwd=str(ROOT),
    )
    async with Client(parameters, read_timeout_seconds=60) as client:
        yield client


@pytest.fixture
def http_server(settings: Settings, tmp_path: Path) -> Iterator[str]:
    """`rapport mcp --http --tier destructive` on a free port; its URL."""
    port = free_port()
    log = (tmp_path / "mcp.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "rapport", "mcp", "--http", "--port", str(port), "--tier", "destructive"],
        env=_environment(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "mcp.log").read_text()
            try:
                if httpx.post(url, json={}, timeout=2).status_code == 401:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "mcp.log").read_text()
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(30)
        log.close()


@asynccontextmanager
async def _http(url: str, token: str) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http), read_timeout_seconds=60) as client,
    ):
        yield client


def _text(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


def _ok(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, _text(result)
    assert isinstance(result.structured_content, dict)
    return result.structured_content


def _phones(customer: dict[str, Any]) -> list[str]:
    return [phone for contact in customer["contacts"] for phone in contact["phones"]]


async def _count(db: Database, table: str) -> int:
    async with db.read() as session:
        return int((await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


# --- over stdio --------------------------------------------------------------------------------------------------


async def test_stdio_lists_the_write_tier_and_reads_as_the_rep(db: Database, settings: Settings) -> None:
    world = await _world(db, settings)
    async with _stdio(settings, world.rep_token) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert set(tools) == {name for name, spec in TOOLS.items() if spec.tier <= Tier.WRITE}
        search = tools["search_customers"]
        assert search.annotations is not None
        assert search.annotations.read_only_hint is True
        assert search.input_schema["required"] == ["query"]
        assert search.input_schema["properties"]["first"]["maximum"] == 50
        log = tools["log_activity"]
        assert log.annotations is not None
        assert (log.annotations.read_only_hint, log.annotations.destructive_hint) == (False, False)
        assert log.input_schema["properties"]["dry_run"]["default"] is False

        found = _ok(await client.call_tool("search_customers", {"query": "Huadong"}))
        assert [c["id"] for c in found["nodes"]] == [world.mine]
        assert _phones(found["nodes"][0]) == [PHONE]
        view = _ok(await client.call_tool("customer_360", {"customer_id": world.mine}))
        assert view["name"] == "Huadong Trading"
        assert _phones(view) == [PHONE]
        assert view["contacts"][0]["emails"] == ["wang.fang@example.com"]
        assert [t["subject"] for t in view["tickets"]] == ["Invoice wrong"]
        outside = await client.call_tool("customer_360", {"customer_id": world.theirs})
        assert outside.is_error
        assert _text(outside) == "No customer with this id, or you may not see it."
        assert not _ok(await client.call_tool("search_customers", {"query": "Beifang"}))["nodes"]
        figures = _ok(await client.call_tool("sales_figures", {"period": "quarter", "by": "team"}))
        assert set(figures) == {"performance", "forecast", "funnel"}
        assert figures["forecast"]["periodStart"].endswith(("-01-01", "-04-01", "-07-01", "-10-01"))
        # Above the tier: neither listed nor callable.
        refused = await client.call_tool("update_ticket", {"ticket_id": world.ticket, "action": "start"})
        assert refused.is_error
        assert "update_ticket" in _text(refused)


async def test_stdio_read_tier_as_the_agent_masks_and_refuses_writes(db: Database, settings: Settings) -> None:
    world = await _world(db, settings)
    async with _stdio(settings, world.agent_token, "--tier", "read") as client:
        tools = (await client.list_tools()).tools
        assert {tool.name for tool in tools} == {"search_customers", "customer_360", "sales_figures"}
        assert all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
        view = _ok(await client.call_tool("customer_360", {"customer_id": world.mine}))
        assert _phones(view) == [MASKED]
        assert view["contacts"][0]["emails"] == ["w***@example.com"]
        assert "lifetimeValue" not in view  # a figure the agent may not read is not asked for
        assert (await client.call_tool("customer_360", {"customer_id": world.theirs})).is_error
        before = await _count(db, "activity")
        refused = await client.call_tool(
            "log_activity", {"customer_id": world.mine, "kind": "call", "subject": "Called back"}
        )
        assert refused.is_error
        assert await _count(db, "activity") == before


def test_stdio_refuses_to_start_without_a_working_token(settings: Settings) -> None:
    for token in ("", "rpt_not-a-token"):
        done = subprocess.run(
            [sys.executable, "-m", "rapport", "mcp"],
            env=_environment(settings, RAPPORT_API_TOKEN=token),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "RAPPORT_API_TOKEN" in done.stderr
        assert not done.stdout  # stdout is the protocol's


async def test_stdio_stops_at_once_when_the_token_is_revoked(db: Database, settings: Settings) -> None:
    world = await _world(db, settings)
    async with _stdio(settings, world.rep_token) as client:
        _ok(await client.call_tool("customer_360", {"customer_id": world.mine}))
        async with db.write() as session:
            admin = await acting_as(session, "admin@demo.example")
            assert admin is not None
            await revoke_api_token(session, world.rep_token_id, admin)
        refused = await client.call_tool("customer_360", {"customer_id": world.mine})
        assert refused.is_error
        assert "no longer works" in _text(refused)


# --- over streamable HTTP ----------------------------------------------------------------------------------------


async def test_http_answers_each_request_as_its_token(db: Database, settings: Settings, http_server: str) -> None:
    world = await _world(db, settings)
    async with _http(http_server, world.rep_token) as rep:
        assert "update_ticket" in {tool.name for tool in (await rep.list_tools()).tools}
        assert _phones(_ok(await rep.call_tool("customer_360", {"customer_id": world.mine}))) == [PHONE]
        async with _http(http_server, world.agent_token) as agent:
            assert _phones(_ok(await agent.call_tool("customer_360", {"customer_id": world.mine}))) == [MASKED]
            assert (await agent.call_tool("customer_360", {"customer_id": world.theirs})).is_error
    for headers in ({}, {"Authorization": "Bearer rpt_nope"}, {"Authorization": f"Basic {world.rep_token}"}):
        answer = httpx.post(http_server, json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers=headers)
        assert answer.status_code == 401
        assert "Authorization: Bearer" in answer.json()["error"]["message"]
    chinese = httpx.post(http_server, json={}, headers={"Accept-Language": "zh-CN"})
    assert "API 令牌" in chinese.json()["error"]["message"]


async def test_http_writes_as_graphql_does_and_dry_runs_write_nothing(
    db: Database, settings: Settings, http_server: str
) -> None:
    world = await _world(db, settings)
    call = {"customer_id": world.mine, "kind": "visit", "subject": "Site visit", "outcome": "Quote requested"}
    tables = ("activity", "ticket", "ticket_comment", "task", "audit_entry", "domain_event", "outbound_email")
    async with _http(http_server, world.rep_token) as rep:
        before = {table: await _count(db, table) for table in tables}
        rehearsed = _ok(await rep.call_tool("log_activity", {**call, "dry_run": True}))
        assert rehearsed["wouldSucceed"] is True
        ticket = {"subject": "Broken unit", "category": "installation", "customer_id": world.mine, "dry_run": True}
        assert _ok(await rep.call_tool("create_ticket", ticket))["dryRun"] is True
        task = {"title": "Send the quote", "due_at": "2030-01-10T18:00:00+08:00", "customer_id": world.mine}
        assert _ok(await rep.call_tool("create_task", {**task, "dry_run": True}))["dryRun"] is True
        # A sales rep may not work tickets: the dry run says so, as the call would.
        forbidden = await rep.call_tool(
            "update_ticket", {"ticket_id": world.ticket, "action": "note", "text": "Hm", "dry_run": True}
        )
        assert forbidden.is_error
        assert "Not allowed for your roles" in _text(forbidden)
        # An invalid call is reported as such: another rep's customer is not found.
        invalid = await rep.call_tool("log_activity", {**call, "customer_id": world.theirs, "dry_run": True})
        assert invalid.is_error
        assert {table: await _count(db, table) for table in tables} == before

        logged = _ok(await rep.call_tool("log_activity", call))
        assert logged["activity"]["subject"] == "Site visit"
        assert logged["activity"]["customer"]["id"] == world.mine
        created = _ok(await rep.call_tool("create_task", task))
        assert created["task"]["title"] == "Send the quote"
    async with db.read() as session:
        row = (
            await session.execute(
                text("SELECT kind, subject, outcome, actor_id FROM activity WHERE subject = 'Site visit'")
            )
        ).one()
        rep_id = (await session.execute(text("SELECT id FROM app_user WHERE email = 'rep@demo.example'"))).scalar_one()
    assert tuple(row) == ("visit", "Site visit", "Quote requested", rep_id)
    assert await _count(db, "activity") == before["activity"] + 1
    assert await _count(db, "task") == before["task"] + 1

    async with _http(http_server, world.agent_token) as agent:
        comments = await _count(db, "ticket_comment")
        note = {"ticket_id": world.ticket, "action": "note", "text": "Checked the invoice."}
        assert _ok(await agent.call_tool("update_ticket", {**note, "dry_run": True}))["wouldSucceed"] is True
        assert await _count(db, "ticket_comment") == comments
        noted = _ok(await agent.call_tool("update_ticket", note))
        assert noted["comment"]["public"] is False
        assert await _count(db, "ticket_comment") == comments + 1
        missing = await agent.call_tool("update_ticket", {"ticket_id": world.ticket, "action": "comment"})
        assert missing.is_error
        assert "text" in _text(missing)
