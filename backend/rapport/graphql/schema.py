"""Assembles every domain's root fields into one schema with Rapport's extensions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from graphql import FieldNode, GraphQLError, visit
from graphql.language import Visitor
from strawberry.extensions import (
    AddValidationRules,
    SchemaExtension,
    max_aliases,
    query_depth_limiter,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from rapport.config import Settings
from rapport.core.authz.catalog import catalogue
from rapport.core.authz.enforce import FieldGuard
from rapport.core.errors import ErrorCode
from rapport.core.i18n import DEFAULT_LOCALE
from rapport.graphql.compiler.catalog import Catalog, build_catalog
from rapport.graphql.context import Info
from rapport.graphql.declare import RootField, Table
from rapport.graphql.extensions import (
    CachedValidation,
    InternalErrorMask,
    ReaderLanguage,
    RequestObservation,
    classify,
    limit_rule,
)
from rapport.graphql.limits import (
    DocumentCaps,
    DocumentLimits,
    InputLimits,
    NewDocumentBudget,
    without_suggestions,
)
from rapport.graphql.node import Node, resolve_node
from rapport.graphql.scalars import SCALARS
from rapport.graphql.sockets import LiveExecutionContext


@strawberry.type
class NodeQuery:
    """Relay's `node` root field."""

    @strawberry.field(description="Fetch any object by its global id; null when it does not exist or is not visible.")
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="A global id.")],
    ) -> Node | None:
        """The object behind a global id."""
        return await resolve_node(info.context, id)  # type: ignore[return-value]


class AnonymousIntrospectionGuard(SchemaExtension):
    """In production, anonymous callers may not introspect the schema."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        context = ctx.context
        if (
            not ctx.pre_execution_errors
            and ctx.graphql_document is not None
            and getattr(context, "principal", "absent") is None
        ):
            found: list[FieldNode] = []

            class Find(Visitor):
                def enter_field(self, node: FieldNode, *_: Any) -> None:
                    if node.name.value in ("__schema", "__type"):
                        found.append(node)

            visit(ctx.graphql_document, Find())
            if found:
                ctx.pre_execution_errors = [
                    GraphQLError(
                        "Introspection needs a signed-in user or an API token in production.",
                        nodes=found,
                        extensions={"code": ErrorCode.FORBIDDEN.value},
                    )
                ]
        yield


class RapportSchema(strawberry.Schema):
    """The schema, classifying every error into the codes of DESIGN.md before it is returned."""

    #: Validation rules beyond the specification's (depth and alias limits), for the compiled read path too.
    limit_rules: tuple[Any, ...] = ()
    #: Caps on documents (rapport.graphql.limits), for the compiled read path too.
    document_caps: DocumentCaps | None = None
    #: In production: no "Did you mean ...?" in any error message.
    hide_suggestions: bool = False
    #: The declared types and roots the compiled read path serves.
    catalog: Catalog

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        context = execution_context.context if execution_context is not None else None
        locale = getattr(context, "locale", DEFAULT_LOCALE)
        for error in errors:
            classify(error, locale)
            if self.hide_suggestions:
                error.message = without_suggestions(error.message)


def _merged(name: str, parts: list[type[Any]]) -> type[Any] | None:
    return merge_types(name, tuple(parts)) if parts else None


@dataclass(frozen=True)
class SchemaParts:
    """What the composition root gathers from the manifests to build the schema."""

    queries: Sequence[type[Any]]
    mutations: Sequence[type[Any]]
    subscriptions: Sequence[type[Any]]
    types: Sequence[type[Any]]
    tables: Sequence[Table]
    roots: Mapping[str, RootField]


def assemble_schema(parts: SchemaParts, settings: Settings | None = None) -> RapportSchema:
    """The schema of the manifests' parts; limits come from settings (defaults when none are given)."""
    conf = settings or Settings()
    query = merge_types("Query", (NodeQuery, *parts.queries))
    mutation = _merged("Mutation", list(parts.mutations))
    subscription = _merged("Subscription", list(parts.subscriptions))

    class Inputs(InputLimits):
        max_page_size = conf.graphql_max_page_size

    # The depth and alias rules are built once: a fresh rule class per request would make every validation
    # different, so nothing could be cached (it cost 13% of a 360° request).
    limits = (
        limit_rule(query_depth_limiter.create_validator(conf.graphql_max_depth, None, None)),
        limit_rule(max_aliases.create_validator(conf.graphql_max_aliases)),
    )

    class Limits(AddValidationRules):
        def __init__(self) -> None:
            super().__init__(list(limits))

    class Documents(DocumentLimits):
        caps = DocumentCaps.from_settings(conf)
        budget = NewDocumentBudget(
            conf.graphql_anonymous_new_documents_per_minute, conf.graphql_anonymous_new_documents_burst
        )

    class Validation(CachedValidation):
        hide_suggestions = conf.is_production  # "Did you mean ...?" would list the schema's names

    # Factories: strawberry builds fresh extension objects per operation; the parse and validation caches
    # live at module level, shared by every request.
    extensions: list[Any] = [
        Documents,
        Limits,
        Validation,
        Inputs,
        FieldGuard,
        RequestObservation,
        ReaderLanguage,
    ]
    if conf.is_production:
        extensions += [AnonymousIntrospectionGuard, InternalErrorMask]
    schema = RapportSchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        types=list(parts.types),
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        execution_context_class=LiveExecutionContext,
    )
    schema.limit_rules = limits
    schema.document_caps = Documents.caps
    schema.hide_suggestions = conf.is_production
    schema.catalog = build_catalog(parts.tables, parts.roots)
    catalogue(schema._schema)
    return schema
