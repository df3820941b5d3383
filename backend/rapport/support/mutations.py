"""Service-desk mutations: the ticket workflow, surveys, articles and portal accounts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.authz.scopes import shown
from rapport.core.errors import BadUserInputError
from rapport.core.principal import Principal
from rapport.graphql.context import Info
from rapport.graphql.node import from_global_id
from rapport.graphql.types import INPUT, UserError
from rapport.identity.types import User
from rapport.support import kb, portal, survey, workflow
from rapport.support.inputs import (
    KbArticleSaveInput,
    PortalAccountCreateInput,
    SurveySubmitInput,
    TicketActionInput,
    TicketAssignInput,
    TicketCommentInput,
    TicketCreateInput,
    TicketRateInput,
    TicketReasonInput,
)
from rapport.support.models import Ticket as TicketRow
from rapport.support.types import KbArticle, Ticket, TicketComment


def _user_error(error: BadUserInputError) -> UserError:
    reason = error.extensions.get("reason")
    return UserError.from_error(error, code=str(reason) if reason else None)


@strawberry.type(description="The result of a ticket mutation.")
class TicketPayload:
    """The ticket as it is now, or what went wrong."""

    ticket: Ticket | None = strawberry.field(description="The ticket after the change.")
    user_errors: list[UserError] = strawberry.field(
        description="Problems you can fix (e.g. INVALID_TRANSITION); nothing changed if any."
    )


@strawberry.type(description="The result of `ticketResolve`.")
class TicketResolvePayload:
    """The resolved ticket and its survey link."""

    ticket: Ticket | None = strawberry.field(description="The ticket, now RESOLVED.")
    survey_url: str | None = strawberry.field(description="Send this to the customer: a single-use rating link.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `ticketComment`.")
class TicketCommentPayload:
    """The comment and the ticket."""

    comment: TicketComment | None = strawberry.field(description="The new comment.")
    ticket: Ticket | None = strawberry.field(description="The ticket after the comment.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `surveySubmit`.")
class SurveySubmitPayload:
    """Whether the rating was taken."""

    accepted: bool = strawberry.field(description="True once the rating is recorded.")
    user_errors: list[UserError] = strawberry.field(description="Why not, e.g. an expired or used link.")


@strawberry.type(description="The result of `kbArticleSave`.")
class KbArticlePayload:
    """The article as it is now."""

    article: KbArticle | None = strawberry.field(description="The article.")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


@strawberry.type(description="The result of `portalAccountCreate`.")
class PortalAccountPayload:
    """The new portal user."""

    user: User | None = strawberry.field(description="The portal user (role customer).")
    user_errors: list[UserError] = strawberry.field(description="Problems you can fix; nothing changed if any.")


Action = Callable[[AsyncSession, Principal], Awaitable[TicketRow]]


async def _shown(info: Info, row: TicketRow) -> Ticket | None:
    """The changed ticket as the caller may see it (routing may have put it out of their scope): null if not."""
    async with info.context.db.read() as session:
        visible = await shown(session, info.context.viewer, "Ticket", row.id)
    return None if visible is None else Ticket.from_row(visible)


async def _run(info: Info, action: Action) -> TicketPayload:
    try:
        async with info.context.write() as session:
            row = await action(session, info.context.viewer)
    except BadUserInputError as error:
        return TicketPayload(ticket=None, user_errors=[_user_error(error)])
    return TicketPayload(ticket=await _shown(info, row), user_errors=[])


def _ticket_id(value: str) -> Any:
    return from_global_id(value, "Ticket")[1]


@strawberry.type
class SupportMutation:
    """Root mutation fields of the service desk."""

    @strawberry.mutation(description="Open a ticket: routed to a queue and agent when a rule matches, SLA started.")
    async def ticket_create(self, info: Info, input: Annotated[TicketCreateInput, INPUT]) -> TicketPayload:
        """Create a ticket."""
        try:
            draft = workflow.TicketDraft(
                subject=input.subject,
                category=input.category,
                description=input.description,
                customer_id=from_global_id(input.customer_id, "Customer")[1] if input.customer_id else None,
                contact_id=from_global_id(input.contact_id, "Contact")[1] if input.contact_id else None,
                channel=input.channel.value,
                priority=input.priority.value,
            )
        except BadUserInputError as error:
            return TicketPayload(ticket=None, user_errors=[_user_error(error)])
        return await _run(info, lambda s, p: workflow.create_ticket(s, p, draft))

    @strawberry.mutation(
        description="Give a ticket to an agent (supervisors); also puts reopened tickets back to work."
    )
    async def ticket_assign(self, info: Info, input: Annotated[TicketAssignInput, INPUT]) -> TicketPayload:
        """Assign a ticket."""
        agent = from_global_id(input.agent_id, "User")[1]
        return await _run(info, lambda s, p: workflow.assign(s, p, _ticket_id(input.id), agent, input.version))

    @strawberry.mutation(description="The assignee starts (or resumes) work: IN_PROGRESS.")
    async def ticket_start(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketPayload:
        """Start work."""
        return await _run(info, lambda s, p: workflow.start(s, p, _ticket_id(input.id), input.version))

    @strawberry.mutation(description="Wait on the customer: WAITING, the SLA clock pauses.")
    async def ticket_wait(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketPayload:
        """Wait on the customer."""
        return await _run(info, lambda s, p: workflow.wait_for_customer(s, p, _ticket_id(input.id), input.version))

    @strawberry.mutation(description="Reply (public) or add an internal note.")
    async def ticket_comment(self, info: Info, input: Annotated[TicketCommentInput, INPUT]) -> TicketCommentPayload:
        """Comment on a ticket."""
        try:
            async with info.context.write() as session:
                row, note = await workflow.comment(
                    session, info.context.viewer, _ticket_id(input.id), input.body, public=input.public
                )
        except BadUserInputError as error:
            return TicketCommentPayload(comment=None, ticket=None, user_errors=[_user_error(error)])
        ticket = await _shown(info, row)
        return TicketCommentPayload(comment=TicketComment.from_row(note), ticket=ticket, user_errors=[])

    @strawberry.mutation(description="Resolve: RESOLVED, waiting for the customer's rating; returns a survey link.")
    async def ticket_resolve(self, info: Info, input: Annotated[TicketActionInput, INPUT]) -> TicketResolvePayload:
        """Resolve a ticket."""
        try:
            async with info.context.write() as session:
                row = await workflow.resolve(session, info.context.viewer, _ticket_id(input.id), input.version)
                token = survey.issue(session, row, info.context.settings.secret_key)
        except BadUserInputError as error:
            return TicketResolvePayload(ticket=None, survey_url=None, user_errors=[_user_error(error)])
        base = str(info.context.request.base_url).rstrip("/")
        return TicketResolvePayload(ticket=await _shown(info, row), survey_url=f"{base}/survey/{token}", user_errors=[])

    @strawberry.mutation(description="Rate a resolved ticket: 3 stars or more closes it, fewer reopen it.")
    async def ticket_rate(self, info: Info, input: Annotated[TicketRateInput, INPUT]) -> TicketPayload:
        """Rate a ticket."""
        return await _run(info, lambda s, p: workflow.rate(s, p, _ticket_id(input.id), input.rating, input.comment))

    @strawberry.mutation(description="Escalate by hand: the level rises and the queue's supervisor is told.")
    async def ticket_escalate(self, info: Info, input: Annotated[TicketReasonInput, INPUT]) -> TicketPayload:
        """Escalate a ticket."""
        return await _run(info, lambda s, p: workflow.escalate(s, p, _ticket_id(input.id), input.reason))

    @strawberry.mutation(description="Reopen a resolved or closed ticket: back to the supervisor's queue.")
    async def ticket_reopen(self, info: Info, input: Annotated[TicketReasonInput, INPUT]) -> TicketPayload:
        """Reopen a ticket."""
        return await _run(info, lambda s, p: workflow.reopen(s, p, _ticket_id(input.id), input.reason))

    @strawberry.mutation(description="Rate through a survey link, without signing in (once per link).")
    async def survey_submit(self, info: Info, input: Annotated[SurveySubmitInput, INPUT]) -> SurveySubmitPayload:
        """Submit a survey."""
        try:
            async with info.context.write() as session:
                await survey.submit(session, input.token, info.context.settings.secret_key, input.rating, input.comment)
        except BadUserInputError as error:
            return SurveySubmitPayload(accepted=False, user_errors=[_user_error(error)])
        return SurveySubmitPayload(accepted=True, user_errors=[])

    @strawberry.mutation(description="Create or change a knowledge-base article.")
    async def kb_article_save(self, info: Info, input: Annotated[KbArticleSaveInput, INPUT]) -> KbArticlePayload:
        """Save an article."""
        try:
            raw = from_global_id(input.id, "KbArticle")[1] if input.id else None
            values = {k: getattr(input, k) for k in ("title", "body", "category", "tags", "status")}
            async with info.context.write() as session:
                row = await kb.save_article(session, info.context.viewer, raw, input.version, values)
        except BadUserInputError as error:
            return KbArticlePayload(article=None, user_errors=[_user_error(error)])
        return KbArticlePayload(article=KbArticle.from_row(row), user_errors=[])

    @strawberry.mutation(description="Give a customer's contact a portal sign-in (role customer).")
    async def portal_account_create(
        self, info: Info, input: Annotated[PortalAccountCreateInput, INPUT]
    ) -> PortalAccountPayload:
        """Create a portal account."""
        try:
            contact = from_global_id(input.contact_id, "Contact")[1]
            async with info.context.write() as session:
                user = await portal.create_account(
                    session, info.context.viewer, contact, input.email, input.password, input.locale
                )
        except BadUserInputError as error:
            return PortalAccountPayload(user=None, user_errors=[_user_error(error)])
        return PortalAccountPayload(user=User.from_row(user), user_errors=[])
