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
    "ImportBatch.all": [
        "id", "kind", "filename", "sheet", "status", "strategy", "total", "done", "created", "updated", "skipped",
        "rejected", "createdAt", "finishedAt", "undoneAt", "undoUntil", "error",
    ],
    "ImportFile.all": ["batch", "encoding", "delimiter", "sheets", "targets"],
    "ImportSheet.all": ["name", "headers", "rowCount", "sample", "suggested", "columnValues"],
    "ImportColumnValues.all": ["header", "values", "distinct"],
    "ImportColumn.all": ["header", "target"],
    "ImportTarget.all": ["key", "required", "many"],
    "ImportProblem.all": ["column", "message"],
    "ImportRowPreview.all": ["row", "action", "matchKey", "matchValue", "matchedRow", "reason", "problems", "cells"],
    "ImportCounts.all": ["create", "update", "skip", "conflict", "reject"],
    "ImportValue.all": ["target", "source", "value"],
    "ImportTemplate.all": ["id", "name", "kind", "columns", "values"],
    "ExportFile.all": [
        "id", "list", "format", "status", "rows", "filename", "createdAt", "finishedAt", "expiresAt", "ready", "error",
    ],
}  # fmt: skip
