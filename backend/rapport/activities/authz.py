"""What activity and task inputs write, for the enforcement layer (listed in the activities manifest)."""

from __future__ import annotations

from rapport.core.authz.rules import InputTarget

INPUT_TARGETS = {
    "ActivityLogInput": InputTarget("Activity", {"customerId": None}),
    "TaskCreateInput": InputTarget("Task", {"customerId": "customer"}),
    "TaskUpdateInput": InputTarget("Task"),
}
