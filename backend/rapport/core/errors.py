"""Errors that reach API callers: each has an `extensions.code` from DESIGN.md and says what to do."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from graphql import GraphQLError, Node

from rapport.core.i18n import Message, msg


class ErrorCode(StrEnum):
    """The GraphQL error codes Rapport answers with in `extensions.code`."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    RATE_LIMITED = "RATE_LIMITED"
    #: A persisted-query hash the server does not know: send the request again with the full document.
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    #: A browser session sent a document that is not one of the web app's own (TRUSTED_DOCUMENTS_ONLY).
    UNTRUSTED_DOCUMENT = "UNTRUSTED_DOCUMENT"
    INTERNAL = "INTERNAL"


class RapportError(Exception):
    """Base of every error whose message is safe to show to the caller.

    The message is text for people (`rapport.core.i18n`): a literal English template, or `msg(template, **params)`;
    it is rendered in the reader's language when the response is written. `message` is its English text (logs).
    """

    code: ErrorCode = ErrorCode.INTERNAL

    def __init__(self, message: str | Message, **extensions: object) -> None:
        self.text = message if isinstance(message, Message) else Message(message)
        self.message = str(self.text)
        super().__init__(self.message)
        self.extensions = extensions

    def render(self, locale: str) -> str:
        """The message in the reader's language."""
        return self.text.render(locale)


class UnauthenticatedError(RapportError):
    """No valid session or API token: sign in, or send `Authorization: Bearer <token>`."""

    code = ErrorCode.UNAUTHENTICATED

    def __init__(self, message: str | Message | None = None) -> None:
        super().__init__(message or msg("Sign in first, or send an API token as 'Authorization: Bearer'."))


class ForbiddenError(RapportError):
    """The caller is known but lacks the permission for this action."""

    code = ErrorCode.FORBIDDEN


class NotFoundError(RapportError):
    """The object does not exist, or is outside what the caller may see (answered the same way)."""

    code = ErrorCode.NOT_FOUND


class ConflictError(RapportError):
    """The object changed since the caller read it (stale `version`): reload and apply the change again."""

    code = ErrorCode.CONFLICT


class BadUserInputError(RapportError):
    """The request is malformed or exceeds a limit; the message names what to change."""

    code = ErrorCode.BAD_USER_INPUT


class RateLimitedError(RapportError):
    """Too many attempts; wait before trying again."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str | Message, retry_after_seconds: int) -> None:
        super().__init__(message, retryAfterSeconds=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds


def graphql_error(error: RapportError, nodes: Collection[Node] | None = None) -> GraphQLError:
    """A GraphQL error made of a Rapport error: its code and extensions, its message rendered in the reader's
    language when the response is written (`rapport.graphql.extensions.classify`)."""
    extensions = {**error.extensions, "code": error.code.value}
    return GraphQLError(error.message, nodes=nodes, original_error=error, extensions=extensions)
