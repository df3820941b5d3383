"""What activity and task inputs write, for the enforcement layer."""

from __future__ import annotations

from rapport.core.authz.rules import input_target

input_target("ActivityLogInput", "Activity", customerId=None)
input_target("TaskCreateInput", "Task", customerId="customer")
