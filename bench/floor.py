"""The raw floor: one hand-written SQL statement per scenario, returning the scenario's JSON straight from PostgreSQL.

No authorization, no decryption, no GraphQL: what a single round trip costs on this machine. Run by
`bench/compare.py` as `python -m bench.floor --port N --database-url URL`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rapport.core.db import RAW_MAX_CACHEABLE_STATEMENT, RAW_SERVER_SETTINGS, RAW_STATEMENT_CACHE_SIZE

CUSTOMER_360 = """
SELECT json_build_object('data', json_build_object('customer', json_build_object(
  'id', c.id, 'name', c.name, 'grade', c.grade, 'status', c.status,
  'owner', (SELECT json_build_object('name', u.name) FROM app_user u WHERE u.id = c.owner_id),
  'tags', (SELECT coalesce(json_agg(json_build_object('name', t.name) ORDER BY t.name), '[]')
           FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id),
  'contacts', (SELECT coalesce(json_agg(json_build_object('name', k.name, 'title', k.title,
                 'phones', encode(k.phones_enc, 'base64'), 'emails', encode(k.emails_enc, 'base64'))
                 ORDER BY k.is_primary DESC, k.name), '[]') FROM contact k WHERE k.customer_id = c.id),
  'tickets', (SELECT coalesce(json_agg(json_build_object('number', x.number, 'subject', x.subject, 'status', x.status,
                'priority', x.priority, 'createdAt', x.created_at) ORDER BY x.created_at DESC), '[]')
              FROM (SELECT * FROM ticket WHERE customer_id = c.id ORDER BY created_at DESC LIMIT 50) x),
  'opportunities', (SELECT coalesce(json_agg(json_build_object('name', o.name, 'amount', o.amount,
                      'stage', json_build_object('key', s.key, 'name', s.name)) ORDER BY o.created_at DESC), '[]')
                    FROM opportunity o JOIN pipeline_stage s ON s.id = o.stage_id WHERE o.customer_id = c.id)
)))::text FROM customer c WHERE c.id = $1
"""

CUSTOMER_LIST = """
SELECT json_build_object('data', json_build_object('customers', json_build_object('nodes', coalesce(json_agg(
  json_build_object('id', c.id, 'name', c.name, 'grade', c.grade, 'status', c.status, 'city', c.city,
    'contacts', (SELECT coalesce(json_agg(json_build_object('name', k.name, 'phones', encode(k.phones_enc, 'base64'))
                   ORDER BY k.is_primary DESC, k.name), '[]') FROM contact k WHERE k.customer_id = c.id),
    'orders', json_build_object('nodes', (SELECT coalesce(json_agg(json_build_object('number', o.number,
                 'totalAmount', o.total_amount, 'orderedAt', o.ordered_at) ORDER BY o.ordered_at DESC), '[]')
               FROM (SELECT * FROM sales_order WHERE customer_id = c.id ORDER BY ordered_at DESC LIMIT 3) o)))
  ORDER BY c.name, c.id), '[]'))))::text
FROM (SELECT * FROM customer WHERE merged_into_id IS NULL AND archived_at IS NULL AND team_id = ANY($1)
      ORDER BY name, id LIMIT 50) c
"""

SEARCH = """
SELECT json_build_object('data', json_build_object('customers', json_build_object(
  'totalCount', (SELECT count(*) FROM customer WHERE name ILIKE $1 AND merged_into_id IS NULL),
  'nodes', coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'city', c.city) ORDER BY c.name, c.id)
                     FROM (SELECT * FROM customer WHERE name ILIKE $1 AND merged_into_id IS NULL
                           ORDER BY name, id LIMIT 20) c), '[]'))))::text
"""

DASHBOARD = """
SELECT json_build_object('data', json_build_object('customerGroups', json_build_object('groups', coalesce(json_agg(
  json_build_object('key', g.key, 'customers', g.customers, 'revenue', g.revenue) ORDER BY g.customers DESC), '[]'))))::text
FROM (SELECT c.province AS key, count(DISTINCT c.id) AS customers, coalesce(sum(o.total_amount), 0) AS revenue
      FROM customer c LEFT JOIN sales_order o ON o.customer_id = c.id AND o.status IN ('paid', 'shipped', 'completed')
      WHERE c.merged_into_id IS NULL GROUP BY c.province) g
"""

UPDATE = """
UPDATE customer SET city = $2, version = version + 1, updated_at = now() WHERE id = $1
RETURNING json_build_object('data', json_build_object('customerUpdate', json_build_object(
  'customer', json_build_object('id', id, 'version', version, 'city', city))))::text
"""

TICKETS = """
SELECT json_build_object('data', json_build_object('tickets', json_build_object('nodes', coalesce(json_agg(
  json_build_object('number', t.number, 'subject', t.subject, 'status', t.status, 'priority', t.priority,
    'createdAt', t.created_at, 'sla', json_build_object('resolutionDueAt', t.resolution_due_at),
    'customer', (SELECT json_build_object('name', c.name) FROM customer c WHERE c.id = t.customer_id),
    'assignee', (SELECT json_build_object('name', u.name) FROM app_user u WHERE u.id = t.assignee_id))
  ORDER BY t.created_at DESC, t.id DESC), '[]'))))::text
FROM (SELECT * FROM ticket WHERE status IN ('new', 'assigned', 'in_progress', 'waiting', 'reopened')
        AND queue_id = ANY($1) ORDER BY created_at DESC, id DESC LIMIT 50) t
"""


async def _typed(conn: asyncpg.Connection, sql: str, values: list[str | None]) -> list[Any]:
    """A captured statement's parameters (their text from PostgreSQL's log) as the Python values asyncpg binds: each
    read by PostgreSQL as the type the statement gives that parameter."""
    types = (await conn.prepare(sql)).get_parameters()
    typed: list[Any] = []
    for value, kind in zip(values, types, strict=True):
        name = await conn.fetchval("SELECT format_type($1, NULL)", kind.oid)
        typed.append(None if value is None else await conn.fetchval(f"SELECT $1::text::{name}", value))
    return typed


def create_app(database_url: str, captured: dict[str, list[dict[str, Any]]] | None = None) -> Starlette:
    """The floor's app: POST /<scenario> with the scenario's parameters as JSON; POST /page/<name> for a page's
    operation (bench/floor_pages.py); POST /captured/<key> for a statement taken from PostgreSQL's log
    (bench/floor_capture.py: Rapport's own aggregates, run bare, its parameters bound as Rapport binds them)."""
    from bench.floor_pages import STATEMENTS

    pool: asyncpg.Pool | None = None
    captured = captured or {}
    #: Each captured statement with its parameters' values typed as the statement takes them.
    bound: dict[str, list[tuple[str, list[Any]]]] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        # The connections Rapport's compiled read path has (rapport.core.db.raw_pool): every statement kept
        # prepared whatever its size (asyncpg's default keeps only those under 15 kB, and would parse and plan a
        # captured aggregate of 30 kB on every request) and JIT off.
        pool = await asyncpg.create_pool(
            database_url,
            min_size=4,
            max_size=10,
            statement_cache_size=RAW_STATEMENT_CACHE_SIZE,
            max_cacheable_statement_size=RAW_MAX_CACHEABLE_STATEMENT,
            server_settings=RAW_SERVER_SETTINGS,
        )
        async with pool.acquire() as conn:
            for key, statements in captured.items():
                bound[key] = [(s["sql"], await _typed(conn, s["sql"], s["parameters"])) for s in statements]
        yield
        await pool.close()

    async def one(sql: str, *args: Any) -> Response:
        assert pool is not None
        async with pool.acquire() as conn:
            body = await conn.fetchval(sql, *args)
        return Response(body, media_type="application/json")

    async def customer_360(request: Request) -> Response:
        return await one(CUSTOMER_360, (await request.json())["id"])

    async def customer_list(request: Request) -> Response:
        return await one(CUSTOMER_LIST, (await request.json())["teams"])

    async def search(request: Request) -> Response:
        return await one(SEARCH, f"%{(await request.json())['q']}%")

    async def dashboard(request: Request) -> Response:
        return await one(DASHBOARD)

    async def update(request: Request) -> Response:
        data = await request.json()
        return await one(UPDATE, data["id"], data["city"])

    async def tickets(request: Request) -> Response:
        return await one(TICKETS, (await request.json())["queues"])

    async def page(request: Request) -> Response:
        sql, keys = STATEMENTS[request.path_params["name"]]
        data = await request.json()
        return await one(sql, *(data[key] for key in keys))

    async def logged(request: Request) -> Response:
        statements = bound[request.path_params["key"]]
        assert pool is not None
        async with pool.acquire() as conn:
            bodies = [await conn.fetchval(sql, *arguments) for sql, arguments in statements]
        body = bodies[0] if len(bodies) == 1 else "[" + ",".join(str(b) for b in bodies) + "]"
        return Response(str(body), media_type="application/json")

    return Starlette(
        routes=[
            Route("/360", customer_360, methods=["POST"]),
            Route("/list", customer_list, methods=["POST"]),
            Route("/search", search, methods=["POST"]),
            Route("/dashboard", dashboard, methods=["POST"]),
            Route("/update", update, methods=["POST"]),
            Route("/tickets", tickets, methods=["POST"]),
            Route("/page/{name}", page, methods=["POST"]),
            Route("/captured/{key}", logged, methods=["POST"]),
        ],
        lifespan=lifespan,
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--captured", help="a JSON file: key -> the statements of a captured operation")
    args = parser.parse_args()
    captured = json.loads(Path(args.captured).read_text()) if args.captured else None
    uvicorn.run(
        create_app(args.database_url, captured), host="127.0.0.1", port=args.port, log_level="warning", access_log=False
    )


if __name__ == "__main__":
    main()
