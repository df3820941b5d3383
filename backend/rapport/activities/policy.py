"""The activities domain's field groups of the shipped policy: "Type.group" -> GraphQL field names of Type.

Roles are given groups in `rapport.core.authz.defaults`; `make policy` renders them (listed in the manifest).
"""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "Activity.all": [
        "id",
        "kind",
        "subject",
        "body",
        "outcome",
        "occurredAt",
        "createdAt",
        "actor",
        "contact",
        "customer",
    ],
    "Task.all": [
        "id",
        "version",
        "title",
        "notes",
        "dueAt",
        "remindAt",
        "doneAt",
        "createdAt",
        "done",
        "assignee",
        "customer",
    ],
    "Notification.all": ["id", "kind", "title", "body", "entityId", "readAt", "createdAt", "read"],
}
