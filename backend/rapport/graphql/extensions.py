"""Schema extensions: error codes, limit rules, SQL statement reporting and metrics."""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import (
    BREAK,
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    ValidationContext,
    ValidationRule,
    VariableDefinitionNode,
    validate,
    visit,
)
from graphql.language import Visitor
from prometheus_client import Histogram
from sqlalchemy.orm.exc import StaleDataError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from rapport.core.authz.readlog import read_log
from rapport.core.errors import ErrorCode, RapportError
from rapport.core.i18n import DEFAULT_LOCALE, msg, reader_locale
from rapport.core.logging import request_id
from rapport.core.metrics import Children
from rapport.core.sqlstats import current_stats

log = logging.getLogger("rapport.graphql")

REQUEST_SECONDS = Histogram(
    "rapport_graphql_request_seconds",
    "GraphQL operation latency",
    ["operation", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
_REQUEST_SECONDS = Children(REQUEST_SECONDS)
#: The parser's error when a document exceeds the token limit (a limit: BAD_USER_INPUT, not a parse error).
_PARSER_LIMIT_MESSAGE = "tokens. Parsing aborted."
_OPERATION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_MAX_OPERATION_LABELS = 500
_seen_operations: set[str] = set()
#: Names always labelled, outside the cap: the trusted documents' operations.
_named_operations: set[str] = set()


def classify(error: GraphQLError, locale: str = DEFAULT_LOCALE) -> None:
    """Give every error an `extensions.code` from DESIGN.md (and its extra fields), its message in the reader's
    language (`locale`) when it is Rapport's; log unexpected ones."""
    extensions = dict(error.extensions or {})
    original = error.original_error
    if isinstance(original, RapportError):
        extensions.update(original.extensions)
        extensions["code"] = original.code.value
        error.message = original.render(locale)
    elif "code" in extensions:
        pass
    elif isinstance(original, StaleDataError):
        extensions["code"] = ErrorCode.CONFLICT.value  # a concurrent write got there first
        error.message = msg("The object was changed by someone else at the same time; reload it and try again.").render(
            locale
        )
    elif error.path is None and error.nodes and all(isinstance(n, VariableDefinitionNode) for n in error.nodes):
        # Variables that do not coerce (an unknown enum value, "abc" for a Decimal, a missing required one):
        # graphql-core reports those on the variable's definition, before any resolver runs.
        extensions["code"] = ErrorCode.BAD_USER_INPUT.value
    elif original is None and error.path is None and _PARSER_LIMIT_MESSAGE not in error.message:
        # The document does not parse or does not validate (an unknown field, an undefined fragment, a literal
        # of the wrong type, more than one anonymous operation...).
        extensions["code"] = ErrorCode.GRAPHQL_VALIDATION_FAILED.value
    elif original is None or isinstance(original, GraphQLError):
        # The token limit of the parser, and arguments that do not coerce at execution (a null variable
        # passed to a non-null argument).
        extensions["code"] = ErrorCode.BAD_USER_INPUT.value
    else:
        extensions["code"] = ErrorCode.INTERNAL.value
        log.error("unexpected error in %s", error.path, exc_info=original)
    error.extensions = extensions


def limit_rule(rule: type[ValidationRule]) -> type[ValidationRule]:
    """A validation rule that enforces a limit: its errors are BAD_USER_INPUT (a limit, not an invalid
    document), and it does not run on a document whose fragment spreads do not all resolve (the specification's
    KnownFragmentNames reports those; Strawberry's depth rule would fail with a KeyError)."""

    class LimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            if not _fragments_resolve(context.document):
                return
            report = context.on_error

            def coded(error: GraphQLError) -> None:
                error.extensions = {**(error.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value}
                report(error)

            # The wrapped rule reports while it is built, as the limit rules do.
            context.on_error = coded  # type: ignore[method-assign]
            try:
                rule(context)
            finally:
                context.on_error = report  # type: ignore[method-assign]

    LimitRule.__name__ = LimitRule.__qualname__ = f"Limit{rule.__name__}"
    return LimitRule


def _fragments_resolve(document: DocumentNode) -> bool:
    """True when every `...Name` spread of the document names a fragment it defines."""
    defined = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    missing: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> Any:
            if node.name.value not in defined:
                missing.append(node.name.value)
                return BREAK
            return None

    visit(document, Spreads())
    return not missing


class InternalErrorMask(MaskErrors):
    """In production, hide the message of unexpected (INTERNAL) errors but keep their code."""

    def __init__(self) -> None:
        super().__init__(
            should_mask_error=lambda e: (e.extensions or {}).get("code") == ErrorCode.INTERNAL.value,
            error_message="Internal error. It has been logged; quote the request id to support.",
        )

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": ErrorCode.INTERNAL.value}
        return masked


def name_operations(names: set[str]) -> None:
    """Label these operations (the web app's own: rapport.graphql.trusted) whatever else has been seen."""
    _named_operations.update(name for name in names if _OPERATION_NAME.match(name))


def observe_operation(operation_name: str | None, op_type: str, seconds: float) -> None:
    """Record an operation's latency for /metrics (a bounded set of operation-name labels)."""
    name = operation_name or "anonymous"
    if not _OPERATION_NAME.match(name):
        name = "invalid"
    elif name not in _seen_operations and name not in _named_operations:
        if len(_seen_operations) >= _MAX_OPERATION_LABELS:
            name = "other"
        else:
            _seen_operations.add(name)
    _REQUEST_SECONDS(name, op_type).observe(seconds)


class ReaderLanguage(SchemaExtension):
    """The operation runs in its reader's language (`rapport.core.i18n.reader_locale`, from the context's locale):
    seeded names read in it."""

    def on_operation(self) -> Iterator[None]:
        token = reader_locale.set(getattr(self.execution_context.context, "locale", DEFAULT_LOCALE))
        try:
            yield
        finally:
            reader_locale.reset(token)


class RequestObservation(SchemaExtension):
    """Latency per operation for /metrics, and `extensions.sql` when the request asked for it."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        ctx = self.execution_context
        try:
            op_type = ctx.operation_type.value
        except RuntimeError:
            op_type = "unknown"
        observe_operation(ctx.operation_name, op_type, time.perf_counter() - started)
        context = ctx.context
        reads = getattr(context, "sensitive_reads", None)
        principal = getattr(context, "principal", None)
        if reads and principal is not None:
            for (entity_type, entity_id), fields in reads.items():
                read_log.record(principal.user_id, entity_type, entity_id, fields, request_id.get())
            reads.clear()

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        stats = getattr(context, "stats", None)
        if stats is None:
            return {}
        current = current_stats.get()
        return {"sql": (current or stats).as_extension()}


_VALIDATED: OrderedDict[tuple[int, str], list[GraphQLError]] = OrderedDict()
_VALIDATED_SIZE = 2048


class CachedValidation(SchemaExtension):
    """Validate each distinct query text once (per schema): the rules are the same for every request."""

    #: Leave graphql-core's "Did you mean ...?" out of validation errors (production: no hints at the schema).
    hide_suggestions = False

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.query and ctx.graphql_document is not None:
            key = (id(ctx.schema), ctx.query)
            errors = _VALIDATED.get(key)
            if errors is None:
                rules = (*ctx.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule)  # as Strawberry's
                errors = validate(
                    ctx.schema._schema, ctx.graphql_document, rules, hide_suggestions=self.hide_suggestions
                )
                _VALIDATED[key] = errors
                if len(_VALIDATED) > _VALIDATED_SIZE:
                    _VALIDATED.popitem(last=False)
            ctx.pre_execution_errors = list(errors)
        yield
