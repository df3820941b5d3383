"""What service-desk arguments and inputs touch, and ticket scopes, for the enforcement layer."""

from __future__ import annotations

from rapport.core.authz.catalog import SCOPED_TYPES
from rapport.core.authz.rules import argument_rule, input_target, reads

SCOPED_TYPES.add("Ticket")

input_target("TicketCreateInput", "Ticket", customerId="customer", contactId="contact")
input_target("TicketCommentInput", "TicketComment", id=None, body="body", public="public")
input_target("TicketRateInput", "Ticket", id=None, rating="rating", comment="ratingComment")
input_target("KbArticleSaveInput", "KbArticle")
input_target("RoutingRuleInput", "RoutingRule", queueId="queueId")
input_target("SlaPolicyInput", "SlaPolicy", calendarId="calendarId")
input_target("BusinessCalendarInput", "BusinessCalendar")

_ticket_filter = reads(
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
        "search": "subject",
    },
)

argument_rule("Query.tickets", "filter")(_ticket_filter)
argument_rule("Subscription.ticketEvents", "filter")(
    reads(
        "Ticket",
        {
            "queueId": "queue",
            "assigneeId": "assignee",
            "customerId": "customer",
        },
    )
)
