"""The policy in PostgreSQL (through Casbin's SQLAlchemy adapter), reloaded everywhere on NOTIFY."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging

import casbin
from casbin_async_sqlalchemy_adapter import Adapter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from rapport.core.authz.models import PolicyRule
from rapport.core.authz.policy import MODEL_PATH, CompiledPolicy, compile_rules, install

log = logging.getLogger(__name__)
CHANNEL = "rapport_policy"
_versions = itertools.count(1)


async def load(engine: AsyncEngine) -> CompiledPolicy:
    """Read every rule from the database through Casbin, compile and install it in this process."""
    enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), Adapter(engine, db_class=PolicyRule))
    await enforcer.load_policy()
    rules = [["p", *r[:3]] for r in enforcer.get_policy()] + [["g", *r[:2]] for r in enforcer.get_grouping_policy()]
    compiled = compile_rules(rules, version=next(_versions))
    install(compiled)
    return compiled


_reload: asyncio.Task[CompiledPolicy] | None = None


def reload(engine: AsyncEngine) -> asyncio.Task[CompiledPolicy]:
    """Start reloading the policy after a change was announced; `settled()` waits for it.

    Called as soon as the announcement arrives, before anything else is awaited: from then until the new policy
    is installed, `reloading()` is true, so nothing delivered meanwhile is judged by the policy it replaces. A
    reload asked for while one runs runs after it (the running one may have read the rules before the change).
    """
    global _reload
    previous = _reload

    async def run() -> CompiledPolicy:
        if previous is not None:
            with contextlib.suppress(Exception):
                await previous
        return await load(engine)

    _reload = asyncio.create_task(run(), name="rapport-policy-reload")
    _reload.add_done_callback(_report)
    return _reload


def _report(task: asyncio.Task[CompiledPolicy]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("policy reload failed; the previous policy stays in force", exc_info=task.exception())


def reloading() -> bool:
    """True while an announced policy change is not yet installed in this process."""
    return _reload is not None and not _reload.done()


async def settled() -> None:
    """Wait until every announced policy change is installed (a failed reload keeps the policy in force)."""
    while (task := _reload) is not None and not task.done():
        await asyncio.wait({task})


def adapter_for(session: AsyncSession) -> Adapter:
    """A Casbin adapter that writes inside the caller's transaction."""
    return Adapter(session.bind, db_class=PolicyRule, db_session=session)


async def announce_change(session: AsyncSession) -> None:
    """Tell every process to reload the policy once this transaction commits."""
    await session.execute(text("SELECT pg_notify(:channel, 'changed')"), {"channel": CHANNEL})
