"""The marketing domain's field groups of the shipped policy (granted in `rapport.core.authz.defaults`)."""

from __future__ import annotations

POLICY_FIELDS: dict[str, list[str]] = {
    "Journey.all": [
        "id",
        "version",
        "name",
        "status",
        "graph",
        "allowReentry",
        "activatedAt",
        "createdAt",
        "updatedAt",
        "stats",
        "enrollments",
    ],
    "JourneyStats.all": ["entered", "active", "done", "exited", "failed", "perNode"],
    "JourneyNodeStats.all": ["nodeId", "reached", "waiting"],
    "JourneyEnrollment.all": (
        [
            "id",
            "status",
            "currentNode",
            "generation",
            "enteredAt",
            "nextRunAt",
            "finishedAt",
            "error",
            "customer",
            "steps",
        ]
    ),
    "JourneyStep.all": ["nodeId", "status", "attempts", "branch", "startedAt", "finishedAt"],
    "JourneyDryRunEntry.all": ["customer", "path", "messages"],
    "JourneyDryRunMessage.all": ["channel", "subject"],
}
