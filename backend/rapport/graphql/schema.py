"""Assembles every domain's root fields into one schema with Rapport's extensions."""

from __future__ import annotations

from collections.abc import Iterator
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

from rapport.activities import authz as activity_authz
from rapport.activities.mutations import ActivityMutation
from rapport.activities.queries import ActivityQuery
from rapport.activities.types import Activity, Notification, Task
from rapport.config import Settings
from rapport.core.authz.catalog import catalogue
from rapport.core.authz.enforce import FieldGuard
from rapport.core.errors import ErrorCode
from rapport.customers import authz as customer_authz
from rapport.customers import projections as customer_projections
from rapport.customers.mutations import CustomerMutation
from rapport.customers.privacy_api import PrivacyMutation, PrivacyQuery
from rapport.customers.queries import CustomerQuery
from rapport.customers.types import Contact, Customer, Order, Tag
from rapport.graphql.context import Info
from rapport.graphql.extensions import (
    CachedValidation,
    InternalErrorMask,
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
from rapport.identity import authz as identity_authz
from rapport.identity import projections as identity_projections
from rapport.identity.admin_api import AuditLogEntry, IdentityAdminMutation, IdentityAdminQuery
from rapport.identity.mutations import IdentityMutation
from rapport.identity.permissions import PermissionMutation, PermissionQuery
from rapport.identity.queries import IdentityQuery
from rapport.identity.types import ApiToken, Team, User
from rapport.sales import authz as sales_authz
from rapport.sales import projections as sales_projections
from rapport.sales.admin_api import SalesAdminMutation, SalesAdminQuery
from rapport.sales.mutations import SalesMutation
from rapport.sales.queries import SalesQuery
from rapport.sales.types import (
    Approval,
    Lead,
    LeadRule,
    Opportunity,
    PipelineStage,
    PoolCustomer,
    PoolMovementEntry,
    PoolRule,
    SalesTarget,
    StageChangeEntry,
)
from rapport.support import authz as support_authz
from rapport.support import projections as support_projections
from rapport.support.admin_api import SupportAdminMutation, SupportAdminQuery
from rapport.support.mutations import SupportMutation
from rapport.support.queries import SupportQuery
from rapport.support.subscriptions import SupportSubscription
from rapport.support.types import KbArticle, Ticket, TicketComment


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


# Imported for their declarations (access rules of arguments; SQL projections of the compiled read path).
del activity_authz, customer_authz, identity_authz, sales_authz, support_authz
del customer_projections, identity_projections, sales_projections, support_projections

Query = merge_types(
    "Query",
    (
        NodeQuery,
        IdentityQuery,
        IdentityAdminQuery,
        PermissionQuery,
        CustomerQuery,
        PrivacyQuery,
        ActivityQuery,
        SupportQuery,
        SupportAdminQuery,
        SalesQuery,
        SalesAdminQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        IdentityMutation,
        IdentityAdminMutation,
        PermissionMutation,
        CustomerMutation,
        PrivacyMutation,
        ActivityMutation,
        SupportMutation,
        SupportAdminMutation,
        SalesMutation,
        SalesAdminMutation,
    ),
)
Subscription = merge_types("Subscription", (SupportSubscription,))


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

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            classify(error)
            if self.hide_suggestions:
                error.message = without_suggestions(error.message)


def build_schema(settings: Settings | None = None) -> RapportSchema:
    """The served schema; limits come from settings (defaults when none are given)."""
    conf = settings or Settings()

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
    ]
    if conf.is_production:
        extensions += [AnonymousIntrospectionGuard, InternalErrorMask]
    schema = RapportSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            User,
            Team,
            ApiToken,
            AuditLogEntry,
            Customer,
            Contact,
            Order,
            Tag,
            Activity,
            Task,
            Notification,
            Ticket,
            TicketComment,
            KbArticle,
            Lead,
            Opportunity,
            PipelineStage,
            Approval,
            PoolCustomer,
            LeadRule,
            PoolRule,
            SalesTarget,
            StageChangeEntry,
            PoolMovementEntry,
        ],
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        execution_context_class=LiveExecutionContext,
    )
    schema.limit_rules = limits
    schema.document_caps = Documents.caps
    schema.hide_suggestions = conf.is_production
    catalogue(schema._schema)
    return schema
