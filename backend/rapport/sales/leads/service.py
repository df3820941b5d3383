"""Leads: public capture (rate-limited, honeypot, de-duplicated), work on them, conversion."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activities.service import notify
from rapport.core import audit, clock, regions
from rapport.core.authz.scopes import referenced, shown
from rapport.core.crypto import EncryptedColumn, vault
from rapport.core.domain_events import emit
from rapport.core.errors import BadUserInputError, RateLimitedError
from rapport.core.i18n import msg, typed
from rapport.core.ids import uuid7
from rapport.core.principal import Principal
from rapport.customers.service import (
    ContactDraft,
    CustomerDraft,
    contacts_of,
    create_contact,
    create_customer,
    decrypt_value,
    encrypt_value,
    normalise_emails,
    normalise_phones,
)
from rapport.sales.force import team_manager
from rapport.sales.leads.repository import LeadRepository
from rapport.sales.leads.rules import apply_rules, give
from rapport.sales.models import Lead, LeadStatus, LeadSubmission, money
from rapport.sales.pipeline import service as pipeline

#: Leads' encrypted columns (listed in the sales manifest for key rotation).
ENCRYPTED = (EncryptedColumn("lead", "phone", "phone_enc"), EncryptedColumn("lead", "email", "email_enc"))

SUBMISSIONS_PER_HOUR = 10


@dataclass
class LeadDraft:
    """A lead to capture."""

    name: str
    source: str
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    province: str | None = None
    city: str | None = None
    message: str | None = None
    score: int = 0
    owner_id: uuid.UUID | None = None
    #: A web form's UTM parameters by column (`utm_source`, `utm_medium`, `utm_campaign`, `utm_content`, `utm_term`).
    utm: dict[str, str] = field(default_factory=dict)


@dataclass
class Capture:
    """What capturing a lead did."""

    lead: Lead | None
    created: bool
    duplicate: bool = False
    linked_customer_id: uuid.UUID | None = None
    #: The phone or email matched a lead the caller may not see: a new lead waits for the managers instead.
    for_review: bool = False
    notes: list[str] = field(default_factory=list)


def lead_phone(lead: Lead) -> str | None:
    """The lead's phone, decrypted."""
    return decrypt_value(lead.phone_enc, table="lead", column="phone", row_id=lead.id)


def lead_email(lead: Lead) -> str | None:
    """The lead's email, decrypted."""
    return decrypt_value(lead.email_enc, table="lead", column="email", row_id=lead.id)


async def capture(session: AsyncSession, draft: LeadDraft, actor: Principal | None) -> Capture:
    """Capture a lead: a known phone or email links to the existing lead (and customer) instead of duplicating."""
    name = draft.name.strip()
    if not name:
        raise BadUserInputError("Give a name.", field="name")
    try:
        phones = normalise_phones([draft.phone], "phone") if draft.phone else []
    except BadUserInputError as error:
        raise BadUserInputError(error.text, field="phone") from error
    try:
        emails = normalise_emails([draft.email], "email") if draft.email else []
    except BadUserInputError as error:
        raise BadUserInputError(error.text, field="email") from error
    if not phones and not emails:
        raise BadUserInputError("Give a phone number or an email address.", field="phone")
    blind = vault().blind
    phone_digest = blind.digest("phone", phones[0]) if phones else None
    email_digest = blind.digest("email", emails[0]) if emails else None
    repo = LeadRepository(session)
    now = clock.now()
    existing = await repo.lead_by_digests(phone_digest, email_digest)
    hidden = existing is not None and actor is not None and not await repo.leads_by_ids(actor, [existing.id])
    if hidden:
        # Someone else's lead: say only that a possible duplicate exists. Nothing about it is named, changed or
        # notified (a phone or email oracle otherwise); the new lead goes unassigned to the managers' queue.
        assert actor is not None
        return await _for_review(session, draft, actor, name, phones, emails, phone_digest, email_digest)
    if existing is not None:
        existing.submissions += 1
        existing.last_submitted_at = now
        if draft.message:
            existing.message = ((existing.message or "") + "\n---\n" + draft.message.strip())[-4000:]
        await session.flush()
        if existing.owner_id is not None and (actor is None or actor.user_id != existing.owner_id):
            notify(
                session,
                existing.owner_id,
                kind="lead_resubmitted",
                title=msg("{name} got in touch again", name=existing.name),
                body=typed((draft.message or "").strip()[:500] or None),
                entity_type="Lead",
                entity_id=existing.id,
            )
        audit.record(
            session,
            actor_id=actor.user_id if actor else None,
            entity_type="Lead",
            entity_id=existing.id,
            action="resubmitted",
            changes={"submissions": [existing.submissions - 1, existing.submissions]},
        )
        return Capture(existing, created=False, duplicate=True, linked_customer_id=existing.customer_id)
    customer_id = None
    for kind, digest in (("phone", phone_digest), ("email", email_digest)):
        if digest is not None:
            customer_id = await repo.customer_with(kind, digest)
            if customer_id is not None:
                break
    lead = _new_lead(draft, name, phones, emails, phone_digest, email_digest, customer_id=customer_id)
    session.add(lead)
    await session.flush()
    if draft.owner_id is not None:
        await give(session, lead, draft.owner_id, actor, "manual")
    else:
        await apply_rules(session, lead, actor)
    audit.record(
        session,
        actor_id=actor.user_id if actor else None,
        entity_type="Lead",
        entity_id=lead.id,
        action="create",
        changes={
            "name": [None, lead.name],
            "source": [None, lead.source],
            "customerId": [None, str(customer_id) if customer_id else None],
        },
    )
    emit(session, "lead.created", "Lead", lead.id, actor_id=actor.user_id if actor else None)
    return Capture(lead, created=True, linked_customer_id=customer_id)


def _new_lead(
    draft: LeadDraft,
    name: str,
    phones: list[str],
    emails: list[str],
    phone_digest: bytes | None,
    email_digest: bytes | None,
    **placement: Any,
) -> Lead:
    """A new lead from a draft, its phone and email encrypted; `placement` sets its customer, owner or team."""
    now = clock.now()
    lead = Lead(
        id=uuid7(),
        version=1,
        created_at=now,
        updated_at=now,
        name=name[:200],
        company=draft.company,
        title=draft.title,
        source=(draft.source or "web").strip()[:64],
        province=regions.standard_province(draft.province),
        city=regions.standard_city(draft.city, draft.province),
        phone_digest=phone_digest,
        email_digest=email_digest,
        message=draft.message,
        status=LeadStatus.NEW.value,
        score=max(0, min(100, draft.score)),
        submissions=1,
        last_submitted_at=now,
        **{column: value.strip()[:100] for column, value in draft.utm.items() if value and value.strip()},
        **placement,
    )
    lead.phone_enc = encrypt_value(phones[0] if phones else None, table="lead", column="phone", row_id=lead.id)
    lead.email_enc = encrypt_value(emails[0] if emails else None, table="lead", column="email", row_id=lead.id)
    return lead


async def _for_review(
    session: AsyncSession,
    draft: LeadDraft,
    actor: Principal,
    name: str,
    phones: list[str],
    emails: list[str],
    phone_digest: bytes | None,
    email_digest: bytes | None,
) -> Capture:
    # Unassigned in the entering rep's team: their managers see it among the team's unassigned leads.
    lead = _new_lead(draft, name, phones, emails, phone_digest, email_digest, owner_id=None, team_id=actor.team_id)
    session.add(lead)
    await session.flush()
    manager = await team_manager(session, actor.team_id) if actor.team_id else None
    if manager is not None and manager != actor.user_id:
        notify(
            session,
            manager,
            kind="lead_possible_duplicate",
            title=msg("Possible duplicate lead to review: {name}", name=lead.name),
            entity_type="Lead",
            entity_id=lead.id,
        )
    audit.record(
        session,
        actor_id=actor.user_id,
        entity_type="Lead",
        entity_id=lead.id,
        action="create",
        changes={"name": [None, lead.name], "source": [None, lead.source], "possibleDuplicate": [None, True]},
    )
    emit(session, "lead.created", "Lead", lead.id, actor_id=actor.user_id)
    return Capture(lead, created=True, duplicate=True, for_review=True)


async def submit_public(session: AsyncSession, draft: LeadDraft, address: str, honeypot: str | None) -> Capture:
    """A web-form submission: at most 10 an hour per address; a filled honeypot is accepted and dropped."""
    repo = LeadRepository(session)
    now = clock.now()
    await repo.lock_address(address)
    if await repo.count_submissions(address, now - timedelta(hours=1)) >= SUBMISSIONS_PER_HOUR:
        raise RateLimitedError("Too many submissions from your address; try again in an hour.", 3600)
    session.add(LeadSubmission(address=address[:64], at=now))
    await session.flush()
    if honeypot:
        return Capture(None, created=False)  # a bot filled the hidden field: look successful, keep nothing
    return await capture(session, draft, None)


async def _locked(session: AsyncSession, principal: Principal, lead_id: uuid.UUID) -> Lead:
    lead: Lead = await referenced(session, principal, "Lead", lead_id, lock=True)
    return lead


async def assign(session: AsyncSession, principal: Principal, lead_id: uuid.UUID, user_id: uuid.UUID) -> Lead:
    """Give a lead to another rep by hand."""
    lead = await _locked(session, principal, lead_id)
    if lead.status == LeadStatus.CONVERTED.value:
        raise BadUserInputError("A converted lead cannot be reassigned.", field="id")
    await give(session, lead, user_id, principal, "manual")
    return lead


async def set_status(session: AsyncSession, principal: Principal, lead_id: uuid.UUID, status: str) -> Lead:
    """Work on, qualify or disqualify a lead."""
    if status not in ("working", "qualified", "disqualified", "new"):
        raise BadUserInputError("Use leadConvert to convert a lead.", field="status")
    lead = await _locked(session, principal, lead_id)
    if lead.status == LeadStatus.CONVERTED.value:
        raise BadUserInputError("The lead is converted already.", field="status")
    before, lead.status = lead.status, status
    lead.updated_at = clock.now()
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Lead",
        entity_id=lead.id,
        action="status",
        changes={"status": [before, status]},
    )
    return lead


@dataclass
class Conversion:
    """What converting a lead created or linked."""

    lead: Lead
    customer_id: uuid.UUID
    contact_id: uuid.UUID | None
    opportunity_id: uuid.UUID


async def convert(
    session: AsyncSession,
    principal: Principal,
    lead_id: uuid.UUID,
    *,
    customer_id: uuid.UUID | None,
    opportunity_name: str | None,
    amount: Decimal,
) -> Conversion:
    """Create (or link) the customer and contact and open an opportunity, all in the caller's transaction."""
    amount = money(amount, "amount")
    lead = await _locked(session, principal, lead_id)
    if lead.status == LeadStatus.CONVERTED.value:
        raise BadUserInputError("The lead is converted already.", field="id")
    if lead.status == LeadStatus.DISQUALIFIED.value:
        raise BadUserInputError("A disqualified lead cannot be converted.", field="id")
    phone, email = lead_phone(lead), lead_email(lead)
    contact_id = None
    customer: Any = None
    if customer_id is not None:  # named by the caller: resolved through their scope like every referenced id
        customer = await referenced(session, principal, "Customer", customer_id)
    elif lead.customer_id is not None:
        customer = await shown(session, principal, "Customer", lead.customer_id)
        if customer is None:
            raise BadUserInputError(
                "The lead matches a customer someone else owns: ask them or your manager to take it over, "
                "or name the customer to link with customerId.",
                field="id",
                reason="CUSTOMER_NOT_YOURS",
            )
    if customer is None:
        customer = await create_customer(
            session,
            principal,
            CustomerDraft(
                values={
                    "name": lead.company or lead.name,
                    "kind": "company" if lead.company else "person",
                    "source": lead.source,
                    "province": lead.province,
                    "city": lead.city,
                },
            ),
        )
    contacts = [contact.name for contact in await contacts_of(session, customer.id)]
    if lead.name not in contacts:
        contact = await create_contact(
            session,
            principal,
            customer,
            ContactDraft(
                name=lead.name,
                title=lead.title,
                is_primary=not contacts,
                phones=[phone] if phone else [],
                emails=[email] if email else [],
            ),
        )
        contact_id = contact.id
    try:
        opportunity = await pipeline.create(
            session, principal, customer.id, opportunity_name or f"{lead.company or lead.name}", amount, None, None
        )
    except BadUserInputError as error:  # e.g. the first stage is gated at this amount
        raise BadUserInputError(error.text, field="amount") from error
    lead.status, lead.customer_id, lead.opportunity_id, lead.converted_at = (
        LeadStatus.CONVERTED.value,
        customer.id,
        opportunity.id,
        clock.now(),
    )
    await session.flush()
    audit.record(
        session,
        actor_id=principal.user_id,
        entity_type="Lead",
        entity_id=lead.id,
        action="convert",
        changes={"customerId": [None, str(customer.id)], "opportunityId": [None, str(opportunity.id)]},
    )
    return Conversion(lead, customer.id, contact_id, opportunity.id)


async def lead_region_counts(session: AsyncSession) -> list[tuple[str | None, str | None, int]]:
    """Every (province, city) leads have, with how many (the regions report)."""
    return await LeadRepository(session).region_counts()


# --- for marketing journeys (issue 18; appended by the marketing domain) ----------------------------------


async def lead_customer_ids(session: AsyncSession, lead_ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Lead id -> the customer it matched or was converted into, for those of these leads that have one."""
    from sqlalchemy import select

    statement = select(Lead.id, Lead.customer_id).where(Lead.id.in_(lead_ids), Lead.customer_id.is_not(None))
    return {row[0]: row[1] for row in await session.execute(statement) if row[1] is not None}
