"""Imports every domain's tables so that `metadata` describes the whole database (for Alembic)."""

from __future__ import annotations

from rapport.activities import models as activity_models
from rapport.analytics.affinity import models as affinity_models
from rapport.analytics.churn import models as churn_models
from rapport.analytics.layouts import models as layout_models
from rapport.analytics.runs import models as run_models
from rapport.analytics.training import models as training_models
from rapport.analytics.winprob import models as win_models
from rapport.core import audit, domain_events, idempotency
from rapport.core.authz import models as authz_models
from rapport.core.db import Base
from rapport.core.mail import models as mail_models
from rapport.customers import models as customer_models
from rapport.identity import models as identity_models
from rapport.integrations import models as integration_models
from rapport.integrations.exports import models as export_models
from rapport.integrations.imports import models as import_models
from rapport.marketing import models as marketing_models
from rapport.marketing.campaigns import models as campaign_models
from rapport.marketing.journeys import models as journey_models
from rapport.sales import models as sales_models
from rapport.support import models as support_models

metadata = Base.metadata

__all__ = [
    "activity_models",
    "affinity_models",
    "audit",
    "authz_models",
    "campaign_models",
    "churn_models",
    "customer_models",
    "domain_events",
    "export_models",
    "idempotency",
    "identity_models",
    "import_models",
    "integration_models",
    "journey_models",
    "layout_models",
    "mail_models",
    "marketing_models",
    "metadata",
    "run_models",
    "sales_models",
    "support_models",
    "training_models",
    "win_models",
]
