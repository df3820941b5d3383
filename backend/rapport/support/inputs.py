"""GraphQL inputs of the service desk."""

from __future__ import annotations

import strawberry

from rapport.support.types import Channel, Priority, TicketStatus


@strawberry.input(description="A new ticket.")
class TicketCreateInput:
    """What the customer needs; portal users' tickets are filed for their own company."""

    subject: str = strawberry.field(description="What it is about.")
    category: str = strawberry.field(description="Category, e.g. billing, installation (drives routing and SLA).")
    description: str | None = strawberry.field(default=None, description="The request in detail.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="The customer (staff, API).")
    contact_id: strawberry.ID | None = strawberry.field(default=None, description="The contact who asked.")
    channel: Channel = strawberry.field(default=Channel.WEB, description="Where it came from.")
    priority: Priority = strawberry.field(default=Priority.NORMAL, description="How urgent.")


@strawberry.input(description="A ticket at the version you read.")
class TicketActionInput:
    """Which ticket; `version` is optional for actions that do not overwrite fields."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    version: int | None = strawberry.field(default=None, description="The version you read (CONFLICT if stale).")


@strawberry.input(description="Give a ticket to an agent.")
class TicketAssignInput:
    """Ticket and agent."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    agent_id: strawberry.ID = strawberry.field(description="The service agent or supervisor.")
    version: int | None = strawberry.field(default=None, description="The version you read.")


@strawberry.input(description="A reply or an internal note.")
class TicketCommentInput:
    """The ticket and the text."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    body: str = strawberry.field(description="The text.")
    public: bool = strawberry.field(default=True, description="False: an internal note customers never see.")


@strawberry.input(description="The customer's rating of a resolved ticket.")
class TicketRateInput:
    """1-5 stars: 3 or more closes, fewer reopen."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    rating: int = strawberry.field(description="1 to 5 stars.")
    comment: str | None = strawberry.field(default=None, description="What the customer says.")


@strawberry.input(description="Escalate or reopen with a reason.")
class TicketReasonInput:
    """The ticket and why."""

    id: strawberry.ID = strawberry.field(description="The ticket.")
    reason: str | None = strawberry.field(default=None, description="Why.")


@strawberry.input(description="A rating through the survey link.")
class SurveySubmitInput:
    """The token from the link and the rating."""

    token: str = strawberry.field(description="The token of the survey link.")
    rating: int = strawberry.field(description="1 to 5 stars.")
    comment: str | None = strawberry.field(default=None, description="What the customer says.")


@strawberry.input(description="What to list tickets by.")
class TicketFilter:
    """Every field narrows the list."""

    statuses: list[TicketStatus] | None = strawberry.field(default=None, description="Statuses.")
    queue_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Queues (teams).")
    assignee_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Assignees.")
    unassigned: bool = strawberry.field(default=False, description="Only tickets nobody works on.")
    customer_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Customers.")
    priorities: list[Priority] | None = strawberry.field(default=None, description="Priorities.")
    categories: list[str] | None = strawberry.field(default=None, description="Categories.")
    channels: list[Channel] | None = strawberry.field(default=None, description="Channels.")
    open_only: bool = strawberry.field(default=False, description="Only open tickets.")
    escalated_only: bool = strawberry.field(default=False, description="Only escalated tickets.")
    search: str | None = strawberry.field(default=None, description="A ticket number, or words of the subject.")


@strawberry.input(description="Which live ticket events to receive.")
class TicketEventFilter:
    """Every field narrows the stream; nothing given: every ticket you may see."""

    queue_id: strawberry.ID | None = strawberry.field(default=None, description="Only this queue.")
    assignee_id: strawberry.ID | None = strawberry.field(default=None, description="Only this assignee.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="Only this customer.")
    ticket_id: strawberry.ID | None = strawberry.field(default=None, description="Only this ticket.")


@strawberry.input(description="A knowledge-base article to create or change.")
class KbArticleSaveInput:
    """Omitted fields stay as they are."""

    id: strawberry.ID | None = strawberry.field(default=None, description="Null creates a new article.")
    version: int | None = strawberry.field(default=None, description="The version you read.")
    title: str | None = strawberry.field(default=None, description="Title.")
    body: str | None = strawberry.field(default=None, description="Body in Markdown.")
    category: str | None = strawberry.field(default=None, description="Category.")
    tags: list[str] | None = strawberry.field(default=None, description="Tags.")
    status: str | None = strawberry.field(default=None, description="draft or published.")


@strawberry.input(description="A portal sign-in for a customer's contact.")
class PortalAccountCreateInput:
    """The contact and their sign-in."""

    contact_id: strawberry.ID = strawberry.field(description="The contact.")
    email: str = strawberry.field(description="Sign-in email.")
    password: str = strawberry.field(description="At least 8 characters.")
    locale: str = strawberry.field(default="zh-CN", description="zh-CN or en.")
