"""The integrations package's manifest: outbound webhooks (admin API, jobs, encrypted columns), exports and imports."""

from __future__ import annotations

from rapport.core.crypto import EncryptedColumn
from rapport.graphql.declare import Table
from rapport.integrations import models
from rapport.integrations.api import ROOTS, WebhookMutation, WebhookQuery
from rapport.integrations.exports import models as export_models
from rapport.integrations.exports.api import ROOTS as EXPORT_ROOTS
from rapport.integrations.exports.api import ExportFile, ExportMutation, ExportQuery
from rapport.integrations.exports.jobs import export_purge, export_run
from rapport.integrations.imports import models as import_models
from rapport.integrations.imports import privacy as import_privacy
from rapport.integrations.imports.api import ImportMutation, ImportQuery
from rapport.integrations.imports.jobs import import_purge, import_run
from rapport.integrations.imports.types import ROOTS as IMPORT_ROOTS
from rapport.integrations.imports.types import ImportBatch
from rapport.integrations.jobs import idempotency_purge, webhook_delivery, webhook_purge
from rapport.integrations.policy import POLICY_FIELDS
from rapport.integrations.service import erase_subject, export_subject
from rapport.integrations.types import WebhookAttempt, WebhookDelivery, WebhookEndpoint, hidden_payload
from rapport.manifest import Manifest, PrivacyPart

MANIFEST = Manifest(
    name="integrations",
    queries=(WebhookQuery, ExportQuery, ImportQuery),
    mutations=(WebhookMutation, ExportMutation, ImportMutation),
    tables=(
        Table(WebhookEndpoint, models.WebhookEndpoint),
        Table(WebhookDelivery, models.WebhookDelivery),
        Table(WebhookAttempt, models.WebhookAttempt),
        Table(ExportFile, export_models.ExportFile),
        Table(ImportBatch, import_models.ImportBatch),
    ),
    roots={**ROOTS, **EXPORT_ROOTS, **IMPORT_ROOTS},
    masks={"WebhookDelivery.payload": hidden_payload},
    jobs=(webhook_delivery, webhook_purge, idempotency_purge, export_run, export_purge, import_run, import_purge),
    encrypted=(
        EncryptedColumn("webhook_endpoint", "secret", "secret_enc"),
        EncryptedColumn("webhook_delivery", "body", "body_enc"),
        EncryptedColumn("idempotency_key", "body", "body_enc"),
        EncryptedColumn("export_file", "content", "content_enc"),
        EncryptedColumn("import_batch", "file", "file_enc"),
    ),
    policy_fields=POLICY_FIELDS,
    privacy_parts=(
        PrivacyPart("webhookDeliveries", export_subject, erase_subject),
        PrivacyPart("importedAndExportedFiles", import_privacy.export_subject, import_privacy.erase_subject),
    ),
)
