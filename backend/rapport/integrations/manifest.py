"""The integrations package's manifest: outbound webhooks (admin API, jobs, encrypted columns) and exports."""

from __future__ import annotations

from rapport.core.crypto import EncryptedColumn
from rapport.graphql.declare import Table
from rapport.integrations import models
from rapport.integrations.api import ROOTS, WebhookMutation, WebhookQuery
from rapport.integrations.exports import models as export_models
from rapport.integrations.exports.api import ROOTS as EXPORT_ROOTS
from rapport.integrations.exports.api import ExportFile, ExportMutation, ExportQuery
from rapport.integrations.exports.jobs import export_purge, export_run
from rapport.integrations.jobs import idempotency_purge, webhook_delivery, webhook_purge
from rapport.integrations.policy import POLICY_FIELDS
from rapport.integrations.service import erase_subject, export_subject
from rapport.integrations.types import WebhookAttempt, WebhookDelivery, WebhookEndpoint, hidden_payload
from rapport.manifest import Manifest, PrivacyPart

MANIFEST = Manifest(
    name="integrations",
    queries=(WebhookQuery, ExportQuery),
    mutations=(WebhookMutation, ExportMutation),
    tables=(
        Table(WebhookEndpoint, models.WebhookEndpoint),
        Table(WebhookDelivery, models.WebhookDelivery),
        Table(WebhookAttempt, models.WebhookAttempt),
        Table(ExportFile, export_models.ExportFile),
    ),
    roots={**ROOTS, **EXPORT_ROOTS},
    masks={"WebhookDelivery.payload": hidden_payload},
    jobs=(webhook_delivery, webhook_purge, idempotency_purge, export_run, export_purge),
    encrypted=(
        EncryptedColumn("webhook_endpoint", "secret", "secret_enc"),
        EncryptedColumn("webhook_delivery", "body", "body_enc"),
        EncryptedColumn("idempotency_key", "body", "body_enc"),
        EncryptedColumn("export_file", "content", "content_enc"),
    ),
    policy_fields=POLICY_FIELDS,
    privacy_parts=(PrivacyPart("webhookDeliveries", export_subject, erase_subject),),
)
