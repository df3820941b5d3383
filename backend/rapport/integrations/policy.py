"""Outbound webhooks' field groups of the shipped policy (granted to admins in `rapport.core.authz.defaults`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "WebhookEndpoint.all": [
        "id", "version", "name", "url", "events", "apiTokenId", "pausedAt", "pauseReason", "createdAt",
        "pendingCount", "deliveredCount", "failedCount",
    ],
    "WebhookDelivery.all": [
        "id", "eventId", "eventType", "entityId", "sequence", "status", "attempts", "nextAttemptAt", "lastStatusCode",
        "lastError", "deliveredAt", "createdAt", "payload", "attemptLog",
    ],
    "WebhookAttempt.all": ["at", "statusCode", "error", "durationMs", "replay"],
    "WebhookEventType.all": ["name", "description"],
    "ExportFile.all": [
        "id", "list", "format", "status", "rows", "filename", "createdAt", "finishedAt", "expiresAt", "ready", "error",
    ],
}  # fmt: skip
