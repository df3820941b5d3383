"""A webhook endpoint whose deliveries were tried, for tests that need every kind of row (the differential tests)."""

from __future__ import annotations

from sqlalchemy import text

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.jobs import run_job
from rapport.customers.service import update_customer
from rapport.identity.service import acting_as, create_api_token
from rapport.integrations.service import EndpointDraft, create_endpoint


async def webhook_world(db: Database, settings: Settings, integrator: str) -> None:
    """An endpoint read as `integrator`'s token whose delivery was tried (an unreachable receiver: each try logged
    with its error). Needs the demo users and a customer of rep's."""
    async with db.write() as session:
        admin = await acting_as(session, "admin@demo.example")
        user = await acting_as(session, integrator)
        assert admin is not None
        assert user is not None
        token = await create_api_token(session, name="ERP", user_id=user.user_id, created_by=admin, expires_at=None)
        draft = EndpointDraft("ERP", "http://127.0.0.1:9/hooks", ["customer.updated"], token.token.id)
        await create_endpoint(session, settings, admin, draft)
    async with db.write() as session:
        rep = await acting_as(session, "rep@demo.example")
        assert rep is not None
        found = (
            await session.execute(
                text("SELECT id, version FROM customer WHERE owner_id = :o ORDER BY id LIMIT 1"), {"o": rep.user_id}
            )
        ).one()
        await update_customer(session, rep, found[0], found[1], {"industry": "Webhooks"})
    await run_job("webhook-deliver", db, settings)
