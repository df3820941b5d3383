"""The mail package's field groups of the shipped policy (granted in `rapport.core.authz.defaults`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "DevInboxMessage.all": ["id", "receivedAt", "sender", "to", "subject", "language", "kind", "text", "html"],
}
