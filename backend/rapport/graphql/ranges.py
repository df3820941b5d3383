"""Declared ranges of every `Int` argument and input field, checked on the coerced arguments before execution.

GraphQL's `Int` is any 32-bit integer; what Rapport does with one is narrower (a year becomes a date, days become
an interval, a star rating goes into a small column, an offset into `OFFSET`). Each `Int` of the schema declares
here the values the API accepts at all; a value outside answers BAD_USER_INPUT before any resolver or SQL runs,
whether it came as a literal, a variable or a variable's default, at any depth of an input object or list. Rules
of the business inside that range (a warning period shorter than the pool period...) still answer `userErrors`.

`tests/graphql/test_ranges.py` fails when an `Int` of the schema has no declared range.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from rapport.core.errors import ErrorCode

INT_MAX = 2**31 - 1
#: Pagination arguments of every connection and list: 0 to the configured page size (GRAPHQL_MAX_PAGE_SIZE).
PAGE_ARGUMENTS = frozenset({"first", "last"})
#: A version the caller read (optimistic concurrency): any non-negative Int; a stale one answers CONFLICT.
VERSION = (0, INT_MAX)
POSITION = (0, 1_000_000)
DAYS = (0, 3_650)

#: Coordinates (`Type.field(argument:)` or `InputType.field`) and their inclusive ranges. Where a rule of the
#: business is narrower and answers `userErrors`, the declared range is wider on purpose (see the module).
INT_RANGES: dict[str, tuple[int, int]] = {
    "Query.kbSearch(offset:)": (0, 10_000),
    "Query.poolWatchlist(withinDays:)": (1, 60),
    "Query.salesTargets(year:)": (1900, 2200),
    "Mutation.autoCloseDaysSet(days:)": DAYS,  # 1 to 90 by rule (userErrors)
    "UserUpdateInput.version": VERSION,
    "TeamSaveInput.version": VERSION,
    "CustomerUpdateInput.version": VERSION,
    "CustomerVersionInput.version": VERSION,
    "ContactUpdateInput.version": VERSION,
    "ContactDeleteInput.version": VERSION,
    "TaskCompleteInput.version": VERSION,
    "TicketAssignInput.version": VERSION,
    "TicketActionInput.version": VERSION,
    "TicketRateInput.rating": (1, 5),
    "SurveySubmitInput.rating": (1, 5),
    "KbArticleSaveInput.version": VERSION,
    "RoutingRuleInput.version": VERSION,
    "RoutingRuleInput.position": POSITION,
    "SlaPolicyInput.version": VERSION,
    "SlaPolicyInput.position": POSITION,
    "SlaPolicyInput.firstResponseMinutes": (1, 525_600),  # up to a year
    "SlaPolicyInput.resolutionMinutes": (1, 525_600),
    "BusinessCalendarInput.version": VERSION,
    "BusinessCalendarInput.workingDays": (1, 7),
    "AgentProfileInput.maxOpen": (0, 10_000),  # at least 1 by rule (userErrors)
    "LeadCreateInput.score": (0, 100),
    "OpportunityUpdateInput.version": VERSION,
    "OpportunityMoveStageInput.version": VERSION,
    "LeadRuleInput.version": VERSION,
    "LeadRuleInput.position": POSITION,
    "PipelineStageInput.version": VERSION,
    "PipelineStageInput.position": POSITION,
    "PipelineStageInput.probability": (-1_000, 1_000),  # 0 to 100 by rule (userErrors)
    "PoolRuleInput.daysWithoutFollowUp": DAYS,
    "PoolRuleInput.warnDaysBefore": DAYS,
    "PoolRuleInput.dailyClaimLimit": (0, 1_000),
    "PoolRuleInput.reclaimCooldownDays": DAYS,
    "PoolRuleInput.exemptFromStagePosition": POSITION,
}


def int_coordinates(schema: GraphQLSchema) -> Iterator[str]:
    """Every `Int` argument (but pagination's) and input field of the schema, as a coordinate."""
    for type_name, named in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if isinstance(named, GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if get_named_type(field.type).name == "Int":
                    yield f"{type_name}.{field_name}"
        elif isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                for argument_name, argument in field.args.items():
                    if get_named_type(argument.type).name == "Int" and argument_name not in PAGE_ARGUMENTS:
                        yield f"{type_name}.{field_name}({argument_name}:)"


@dataclass(frozen=True, slots=True)
class _FieldArguments:
    """A field of the operation that takes an Int somewhere in its arguments."""

    coordinate: str
    definition: GraphQLField
    node: FieldNode


_FIELDS: OrderedDict[tuple[int, str, str | None], tuple[_FieldArguments, ...]] = OrderedDict()
_FIELDS_SIZE = 2048


def _takes_int(type_: Any, seen: set[str]) -> bool:
    named = get_named_type(type_)
    if named.name == "Int":
        return True
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return False
    seen.add(named.name)
    return any(_takes_int(field.type, seen) for field in named.fields.values())


def _fields_with_ints(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode
) -> tuple[_FieldArguments, ...]:
    """The fields of an operation (fragments included, each once) whose arguments hold an Int."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    visited: set[str] = set()
    found: list[_FieldArguments] = []

    def walk(selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                    continue
                definition = parent.fields.get(selection.name.value)
                if definition is None:
                    continue
                if selection.arguments and any(_takes_int(a.type, set()) for a in definition.args.values()):
                    found.append(_FieldArguments(f"{parent.name}.{selection.name.value}", definition, selection))
                walk(selection.selection_set, get_named_type(definition.type))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                walk(selection.selection_set, schema.get_type(condition.name.value) if condition else parent)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in visited:
                visited.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    walk(fragment.selection_set, schema.get_type(fragment.type_condition.name.value))

    walk(operation.selection_set, schema.get_root_type(operation.operation))
    return tuple(found)


def range_violations(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    max_page_size: int,
    query: str | None = None,
) -> list[GraphQLError]:
    """An error for each Int of the operation's coerced arguments outside its declared range."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return []  # execution reports it
    key = (id(schema), query, operation_name) if query else None
    fields = _FIELDS.get(key) if key is not None else None
    if fields is None:
        fields = _fields_with_ints(schema, document, operation)
        if key is not None:
            _FIELDS[key] = fields
            if len(_FIELDS) > _FIELDS_SIZE:
                _FIELDS.popitem(last=False)
    if not fields:
        return []
    coerced = get_variable_values(schema, operation.variable_definitions or (), dict(variables or {}))
    if isinstance(coerced, list):
        return []  # variables that do not coerce: execution reports them
    problems: list[GraphQLError] = []
    for field in fields:
        try:
            arguments = get_argument_values(field.definition, field.node, coerced)
        except GraphQLError:
            continue  # execution reports it on the field
        for name, value in arguments.items():
            argument = field.definition.args.get(name)
            if argument is None:
                continue
            if name in PAGE_ARGUMENTS:
                declared: tuple[int, int] | None = (0, max_page_size)
            else:
                declared = INT_RANGES.get(f"{field.coordinate}({name}:)")
            _check(argument, value, name, declared, field.node, problems)
    return problems


def _check(
    definition: GraphQLArgument | GraphQLInputField,
    value: Any,
    path: str,
    declared: tuple[int, int] | None,
    node: FieldNode,
    problems: list[GraphQLError],
) -> None:
    type_ = definition.type
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    items = value if isinstance(type_, GraphQLList) and isinstance(value, list) else [value]
    named = get_named_type(type_)
    for item in items:
        if item is None:
            continue
        if isinstance(item, int) and not isinstance(item, bool) and named.name == "Int":
            low, high = declared if declared is not None else (-INT_MAX - 1, INT_MAX)
            if not low <= item <= high:
                hint = "; page with `after`" if path in PAGE_ARGUMENTS else ""
                problems.append(
                    GraphQLError(
                        f"`{path}` must be between {low} and {high}{hint}.",
                        nodes=[node],
                        extensions={"code": ErrorCode.BAD_USER_INPUT.value, "field": path},
                    )
                )
        elif isinstance(named, GraphQLInputObjectType) and isinstance(item, dict):
            for key, inner in item.items():
                field = named.fields.get(key)
                if field is None:
                    continue
                _check(field, inner, f"{path}.{key}", INT_RANGES.get(f"{named.name}.{key}"), node, problems)


class IntRangeCheck(SchemaExtension):
    """Refuses (BAD_USER_INPUT, before any resolver) an operation with an Int outside its declared range."""

    max_page_size = 100

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if not ctx.pre_execution_errors and ctx.graphql_document is not None:
            problems = range_violations(
                ctx.schema._schema,
                ctx.graphql_document,
                ctx.operation_name,
                ctx.variables,
                self.max_page_size,
                ctx.query,
            )
            if problems:
                ctx.pre_execution_errors = problems
        yield
