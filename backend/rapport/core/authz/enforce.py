"""The one enforcement layer: every operation is checked against the caller's policy, before it runs and as it runs.

Selections (on every path: nested fields, fragments, `node`, mutation payloads, subscriptions) need at least
masked access to each `Type.field`; root fields need read (queries, subscriptions) or write (mutations);
filters, sort keys, searches and groupings need read; mutation inputs need write.

One interpretation: the check decides on exactly what the executor will run. It coerces the request's variables
as the executor does (defaults included), collects fields with graphql-core's own `collect_fields` /
`collect_subfields` (fragments, `@include`/`@skip`, type conditions) and reads arguments after coercion
(`get_argument_values`). A violation answers FORBIDDEN and nothing executes, so there is no oracle.

Then, as it runs, the executor (`graphql.sharing.SharingExecutionContext`) checks every object selection it
collects against the role's compiled mask (`check_selection`): a pre-check that is ever wrong fails closed
instead of leaking. That check is one set comparison per distinct selection, memoised per policy.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    get_named_type,
    get_operation_ast,
    visit,
)
from graphql.execution.collect_fields import FieldDetails, FragmentDetails, collect_fields, collect_subfields
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from rapport.core.authz.arguments import LOCATOR_INPUT_FIELDS as LOCATOR_INPUT_FIELDS
from rapport.core.authz.arguments import argument_needs as argument_needs
from rapport.core.authz.arguments import explicit as explicit
from rapport.core.authz.arguments import has_argument_rules as has_argument_rules
from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.errors import ForbiddenError, UnauthenticatedError, graphql_error
from rapport.core.i18n import msg

ROOTS = {"Query": Access.READ, "Mutation": Access.WRITE, "Subscription": Access.READ}
STRUCTURAL_TYPES = frozenset({"PageInfo", "UserError", "MergeCount"})
STRUCTURAL_SUFFIXES = ("Connection", "Edge", "Payload")
VERBS = {Access.MASKED: "read", Access.READ: "read unmasked", Access.WRITE: "write"}


def is_structural(type_name: str) -> bool:
    """Types that only carry other types (pages, edges, payloads, user errors) need no access of their own."""
    return type_name in STRUCTURAL_TYPES or type_name.endswith(STRUCTURAL_SUFFIXES) or type_name.startswith("__")


def required_access(parent: str, field_name: str) -> Access | None:
    """The access a selection of `parent.field` needs; None when it needs none."""
    if field_name.startswith("__") or is_structural(parent):
        return None
    if parent in ROOTS:
        return ROOTS[parent]
    return Access.MASKED


# --- values as they will run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Site:
    """A selected field with arguments that the policy has rules for."""

    coordinate: str
    field_def: GraphQLField
    details: FieldDetails


@dataclass(frozen=True)
class _Walk:
    """What an operation selects for one set of directive values: the fields and the argument sites."""

    needs: tuple[tuple[str, Access], ...]
    sites: tuple[_Site, ...]
    #: The variables the sites' arguments use (only those are coerced per request).
    site_variables: frozenset[str] = frozenset()


def _fragments(document: DocumentNode) -> dict[str, FragmentDetails]:
    return {d.name.value: FragmentDetails(d) for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _walk(
    schema: GraphQLSchema,
    fragments: dict[str, FragmentDetails],
    variables: VariableValues,
    operation: OperationDefinitionNode,
) -> _Walk:
    """Every field the executor will run for these variables, as it collects them."""
    root = schema.get_root_type(operation.operation)
    if root is None:
        return _Walk((), ())
    needs: dict[tuple[str, Access], None] = {}
    sites: list[_Site] = []
    positions: set[int] | None = None
    grouped = collect_fields(schema, fragments, variables, root, operation).grouped_field_set
    # (object type, its collected fields, the fields an abstract parent declares)
    pending: list[tuple[GraphQLObjectType, Mapping[str, list[FieldDetails]], frozenset[str]]] = [
        (root, grouped, frozenset())
    ]
    while pending:
        parent, fields, inherited = pending.pop()
        for details in fields.values():
            name = details[0].node.name.value
            if name.startswith("__"):
                continue  # introspection and __typename
            field_def = parent.fields.get(name)
            if field_def is None:
                continue
            coordinate = f"{parent.name}.{name}"
            access = required_access(parent.name, name)
            if access is not None and name in inherited:
                if positions is None:
                    positions = abstract_positions(schema, operation, [f.definition for f in fragments.values()])
                if all(id(d.node) in positions for d in details):
                    access = None
            if access is not None:
                needs[(coordinate, access)] = None
            if has_argument_rules(schema, coordinate, field_def):
                sites.append(_Site(coordinate, field_def, details[0]))
            named = get_named_type(field_def.type)
            if isinstance(named, GraphQLObjectType):
                targets: Iterable[GraphQLObjectType] = (named,)
                shared: frozenset[str] = frozenset()
            elif isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
                targets = schema.get_possible_types(named)
                shared = frozenset(named.fields) if isinstance(named, GraphQLInterfaceType) else frozenset()
            else:
                continue
            for target in targets:
                sub = collect_subfields(schema, fragments, variables, operation, target, details).grouped_field_set
                if sub:
                    pending.append((target, sub, shared))
    used: set[str] = set()

    class Variables(Visitor):
        def enter_variable(self, node: VariableNode, *_: Any) -> None:
            used.add(node.name.value)

    for site in sites:
        for argument in site.details.node.arguments or ():
            visit(argument, Variables())
    return _Walk(tuple(needs), tuple(sites), frozenset(used))


def abstract_positions(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Iterable[FragmentDefinitionNode]
) -> set[int]:
    """The field nodes written directly on an interface or union (`node(id) { id }`), by identity.

    Such a field is the interface's own (`Node.id`: the global id the caller already holds) and needs no access
    of each type that could implement it; the same field written inside `... on Contact` is Contact's and does.
    """
    type_info = TypeInfo(schema)
    found: set[int] = set()

    class Find(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            if isinstance(type_info.get_parent_type(), GraphQLInterfaceType | GraphQLUnionType):
                found.add(id(node))

    for definition in (operation, *fragments):
        visit(definition, TypeInfoVisitor(type_info, Find()))
    return found


def _directive_variables(document: DocumentNode) -> tuple[str, ...]:
    """The variables that directives use: the only ones that change which fields are collected."""
    names: dict[str, None] = {}

    class Find(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    names[argument.value.name.value] = None

    visit(document, Find())
    return tuple(names)


_WALKS: OrderedDict[tuple[Any, ...], _Walk] = OrderedDict()
_DIRECTIVE_VARIABLES: OrderedDict[tuple[int, str], tuple[str, ...]] = OrderedDict()
_CACHE_SIZE = 4096


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    if len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)


def _operations(document: DocumentNode, operation_name: str | None) -> list[OperationDefinitionNode]:
    chosen = get_operation_ast(document, operation_name)
    if chosen is not None:
        return [chosen]
    # The executor will refuse an ambiguous or unknown operation name; check everything meanwhile (fail closed).
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


_ABSENT = object()


def operation_needs(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None = None,
    query: str | None = None,
) -> list[tuple[str, Access]]:
    """Every (Type.field, access) the operation will need when it runs with these (raw) variables.

    Variables are coerced with their defaults, fields collected and arguments read exactly as the executor
    will. Only the variables that matter are coerced: those of directives (they decide which fields are
    collected; the collection is remembered per query text and their raw values, which coerce the same way
    every time) and those of arguments the policy has rules for. Variables that do not coerce make the
    executor refuse the request; then nothing runs (the selection is still checked, every `@include`/`@skip`
    condition taken as true).
    """
    raw = dict(variables or {})
    fragments: dict[str, FragmentDetails] | None = None
    found: list[tuple[str, Access]] = []
    for operation in _operations(document, operation_name):
        text_key = (id(schema), query) if query is not None else None
        directive_names = _DIRECTIVE_VARIABLES.get(text_key) if text_key is not None else None
        if directive_names is None:
            directive_names = _directive_variables(document)
            if text_key is not None:
                _remember(_DIRECTIVE_VARIABLES, text_key, directive_names)
        name = operation.name.value if operation.name else None
        raw_values = tuple(repr(raw.get(n, _ABSENT)) for n in directive_names)
        key = (id(schema), query, name, *raw_values) if query is not None else None
        walk = _WALKS.get(key) if key is not None else None
        if walk is None:
            definitions = [d for d in operation.variable_definitions or () if d.variable.name.value in directive_names]
            coerced = get_variable_values(schema, definitions, raw)
            if isinstance(coerced, list):
                walk = _walk_all(schema, document)
            else:
                if fragments is None:
                    fragments = _fragments(document)
                walk = _walk(schema, fragments, coerced, operation)
            if key is not None:
                _remember(_WALKS, key, walk)
        found += walk.needs
        if not walk.sites:
            continue
        definitions = [d for d in operation.variable_definitions or () if d.variable.name.value in walk.site_variables]
        site_values = get_variable_values(schema, definitions, raw)
        if isinstance(site_values, list):
            continue  # the executor refuses these variables: nothing runs
        for site in walk.sites:
            arguments = get_argument_values(
                site.field_def, site.details.node, site_values, site.details.fragment_variable_values
            )
            found += argument_needs(site.coordinate, site.field_def, arguments)
    return found


def _walk_all(schema: GraphQLSchema, document: DocumentNode) -> _Walk:
    """Every field an operation selects under any directive values (for requests whose variables fail)."""
    return _Walk(tuple(all_selected_fields(schema, document)), ())


def describe(found: Iterable[tuple[str, Access]], policy: PrincipalPolicy) -> list[str]:
    """The needs the policy does not meet, as `read Type.field` phrases (in order, without repeats)."""
    needs = found if isinstance(found, tuple) else tuple(found)
    return list(dict.fromkeys(f"{VERBS[access]} {name}" for name, access in policy.denied(needs)))


def violations(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    policy: PrincipalPolicy,
    query: str | None = None,
    operation_name: str | None = None,
) -> list[str]:
    """What the operation would do that the policy does not allow, as `read Type.field` phrases."""
    if policy.is_admin:
        return []
    return describe(operation_needs(schema, document, variables, operation_name, query), policy)


def all_selected_fields(schema: GraphQLSchema, document: DocumentNode) -> list[tuple[str, Access]]:
    """Every `Type.field` a document mentions anywhere, whatever its directives (a superset of any run)."""
    type_info = TypeInfo(schema)
    found: dict[tuple[str, Access], None] = {}

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = type_info.get_parent_type()
            if parent is None or isinstance(parent, GraphQLInterfaceType | GraphQLUnionType):
                return
            access = required_access(parent.name, node.name.value)
            if access is not None:
                found[(f"{parent.name}.{node.name.value}", access)] = None

    visit(document, TypeInfoVisitor(type_info, Collect()))
    return list(found)


def forbidden_error(problems: list[str]) -> GraphQLError:
    """The FORBIDDEN error naming (the first few of) the denied needs."""
    more = len(problems) - 5
    return graphql_error(
        ForbiddenError(
            msg("Not allowed for your roles: {fields} and {more} more.", fields=", ".join(problems[:5]), more=more)
            if more > 0
            else msg("Not allowed for your roles: {fields}.", fields=", ".join(problems)),
            denied=problems,
        )
    )


class FieldGuard(SchemaExtension):
    """Refuses (FORBIDDEN, before any resolver) operations that touch what the caller may not."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        policy: PrincipalPolicy | None = getattr(ctx.context, "policy", None)
        if not ctx.pre_execution_errors and ctx.graphql_document is not None and policy is not None:
            problems = violations(
                ctx.schema._schema, ctx.graphql_document, ctx.variables, policy, ctx.query, ctx.operation_name
            )
            if problems and getattr(ctx.context, "principal", None) is None:
                ctx.pre_execution_errors = [graphql_error(UnauthenticatedError())]
            elif problems:
                ctx.pre_execution_errors = [forbidden_error(problems)]
        yield


# --- the execution-time check -----------------------------------------------------------------------------------


def check_selection(
    schema: GraphQLSchema,
    policy: PrincipalPolicy,
    parent: GraphQLObjectType,
    fields: Mapping[str, list[FieldDetails]],
    variables: VariableValues,
    positions: Callable[[], set[int]],
) -> list[str]:
    """The needs of one collected object selection (its fields and their arguments) that the policy denies.

    `positions` gives the field nodes written directly on an interface (see `abstract_positions`); it is only
    asked for when something is denied, so the common case costs one pass over the selection.
    """
    if policy.is_admin:
        return []
    found: list[tuple[str, Access]] = []
    parent_name = parent.name
    for details in fields.values():
        name = details[0].node.name.value
        access = required_access(parent_name, name)
        coordinate = f"{parent_name}.{name}"
        if access is not None and policy.access(coordinate) < access:
            interface_field = any(name in i.fields for i in parent.interfaces)
            if not (interface_field and all(id(d.node) in positions() for d in details)):
                found.append((coordinate, access))
        field_def = parent.fields.get(name)
        if field_def is not None and has_argument_rules(schema, coordinate, field_def):
            arguments = get_argument_values(field_def, details[0].node, variables, details[0].fragment_variable_values)
            found += argument_needs(coordinate, field_def, arguments)
    return describe(found, policy)


__all__ = [
    "FieldGuard",
    "abstract_positions",
    "all_selected_fields",
    "argument_needs",
    "check_selection",
    "explicit",
    "forbidden_error",
    "has_argument_rules",
    "is_structural",
    "operation_needs",
    "required_access",
    "violations",
]
