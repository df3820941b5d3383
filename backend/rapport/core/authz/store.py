"""The policy in PostgreSQL (through Casbin's SQLAlchemy adapter), reloaded everywhere on NOTIFY."""

from __future__ import annotations

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


def adapter_for(session: AsyncSession) -> Adapter:
    """A Casbin adapter that writes inside the caller's transaction."""
    return Adapter(session.bind, db_class=PolicyRule, db_session=session)


async def announce_change(session: AsyncSession) -> None:
    """Tell every process to reload the policy once this transaction commits."""
    await session.execute(text("SELECT pg_notify(:channel, 'changed')"), {"channel": CHANNEL})
