"""The activities domain's manifest: the activity timeline, tasks, reminders and notifications."""

from __future__ import annotations

from rapport.activities import jobs, models, privacy, repository, service, types
from rapport.activities.authz import INPUT_TARGETS
from rapport.activities.mutations import ActivityMutation
from rapport.activities.policy import POLICY_FIELDS
from rapport.activities.queries import ActivityQuery, my_tasks_rows, notifications_rows, unread_count_rows
from rapport.activities.types import Activity, Notification, Task
from rapport.customers.types import Customer
from rapport.graphql.declare import Contribution, RootField, Table
from rapport.manifest import Manifest, PrivacyPart, TimelineSource

MANIFEST = Manifest(
    name="activities",
    policy_fields=POLICY_FIELDS,
    queries=(ActivityQuery,),
    mutations=(ActivityMutation,),
    types=(Activity, Task, Notification),
    tables=(
        Table(Activity, models.Activity),
        Table(Task, models.Task),
        Table(Notification, models.Notification),
    ),
    contributions=(
        # `before` names a field the customer type owns: contributions are added in manifest order.
        Contribution(Customer, "activities", types.customer_activities, before="orders"),
        Contribution(Customer, "tasks", types.customer_tasks, before="orderSummary"),
    ),
    roots={
        "myTasks": RootField(
            "Task", "connection", my_tasks_rows, arguments=frozenset({"first", "after", "openOnly", "dueBefore"})
        ),
        "unreadNotificationCount": RootField("Int", "scalar", unread_count_rows),
        "notifications": RootField(
            "Notification", "connection", notifications_rows, arguments=frozenset({"first", "after", "unreadOnly"})
        ),
    },
    jobs=(jobs.task_reminders,),
    timeline_sources=(TimelineSource("activity", repository.activity_timeline, row_type=None, entry=Activity),),
    privacy_parts=(
        PrivacyPart("activities", privacy.export_activities, privacy.erase_activities),
        PrivacyPart("tasks", privacy.export_tasks, privacy.erase_tasks),
    ),
    merge_hooks=(service.move_on_merge,),
    contact_merge_hooks=(service.repoint_contact_on_merge,),
    input_targets=INPUT_TARGETS,
)
