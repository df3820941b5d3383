"""What service-desk arguments and inputs touch, for the enforcement layer (values the manifest lists)."""

from __future__ import annotations

from rapport.core.authz.rules import ArgumentRule, InputTarget, reads

INPUT_TARGETS: dict[str, InputTarget] = {
    "TicketCreateInput": InputTarget(
        "Ticket", {"customerId": "customer", "contactId": "contact", "externalId": "externalId"}
    ),
    "TicketUpsertInput": InputTarget(
        "Ticket", {"customerId": "customer", "customerExternalId": "customer", "externalId": "externalId"}
    ),
    "TicketCommentInput": InputTarget("TicketComment", {"id": None, "body": "body", "public": "public"}),
    "TicketRateInput": InputTarget("Ticket", {"id": None, "rating": "rating", "comment": "ratingComment"}),
    "KbArticleSaveInput": InputTarget("KbArticle"),
    "RoutingRuleInput": InputTarget("RoutingRule", {"queueId": "queueId"}),
    "SlaPolicyInput": InputTarget("SlaPolicy", {"calendarId": "calendarId"}),
    "BusinessCalendarInput": InputTarget("BusinessCalendar"),
}

ARGUMENT_RULES: dict[tuple[str, str], ArgumentRule] = {
    ("Query.tickets", "filter"): reads(
        "Ticket",
        {
            "statuses": "status",
            "queueIds": "queue",
            "assigneeIds": "assignee",
            "unassigned": "assignee",
            "customerIds": "customer",
            "priorities": "priority",
            "categories": "category",
            "channels": "channel",
            "escalatedOnly": "escalationLevel",
            "createdFrom": "createdAt",
            "createdTo": "createdAt",
            "search": "subject",
        },
    ),
    ("Subscription.ticketEvents", "filter"): reads(
        "Ticket", {"queueId": "queue", "assigneeId": "assignee", "customerId": "customer"}
    ),
}
