"""A data subject's leads: exported with the customer's data, erased with it (the sales manifest lists this part)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.manifest import PrivacyPart
from rapport.sales.leads.repository import LeadRepository
from rapport.sales.leads.service import lead_email, lead_phone


async def export_leads(session: AsyncSession, principal: Principal, customer_id: uuid.UUID) -> list[dict[str, object]]:
    """The customer's leads the caller may see, with their contact details in clear."""
    return [
        {
            "id": str(lead.id),
            "name": lead.name,
            "company": lead.company,
            "title": lead.title,
            "phone": lead_phone(lead),
            "email": lead_email(lead),
            "province": lead.province,
            "city": lead.city,
            "message": lead.message,
            "source": lead.source,
            "status": lead.status,
            "created_at": lead.created_at.isoformat(),
        }
        for lead in await LeadRepository(session).customer_leads(principal, customer_id)
    ]


async def erase_leads(session: AsyncSession, customer_id: uuid.UUID) -> int:
    """Blank the customer's leads' personal data (and the audit entries about them)."""
    return await LeadRepository(session).erase_customer_leads(customer_id, clock.now())


LEADS = PrivacyPart("leads", export_leads, erase_leads)
