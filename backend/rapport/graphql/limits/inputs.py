"""Caps on inputs, on the coerced values of every argument and input field, before any resolver runs: String and
ID values have a declared maximum length and no control characters; Int values stay within their declared range
(`rapport.graphql.ranges`)."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    get_named_type,
    visit,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from rapport.core.errors import BadUserInputError, graphql_error
from rapport.core.i18n import Message, msg
from rapport.graphql.limits.json_values import first_string_problem
from rapport.graphql.ranges import int_problem, int_range


@dataclass(frozen=True, slots=True)
class TextLimit:
    """The longest a string input may be, and whether it may span lines."""

    max_length: int
    multiline: bool = False


SEARCH = TextLimit(100)
CODE = TextLimit(64)  # categories, sources, places, tags, skills, roles, type names
NAME = TextLimit(200)
TITLE = TextLimit(300)
EMAIL = TextLimit(320)
PHONE = TextLimit(40)
PASSWORD = TextLimit(1_000)
TOKEN = TextLimit(300)  # cursors and link tokens
TEXT = TextLimit(10_000, multiline=True)
#: Anything of type String that is not declared below.
DEFAULT_STRING = TEXT
#: Anything of type ID that is not declared below.
DEFAULT_ID = TextLimit(200)
#: Items of any list input, unless declared in LIST_MAXIMA.
MAX_LIST_ITEMS = 1_000
#: Longer lists where the domain answers a friendlier user error itself below this bound.
LIST_MAXIMA = {"LeadBulkCreateInput.leads": 5_000}

#: Maxima by input field (`Input.field`) or argument (`Type.field(argument)`, or `(argument)` for every field's
#: argument of that name). Lists apply the limit to each item. No longer than the column a value is stored in.
MAXIMA: dict[str, TextLimit] = {
    "(after)": TOKEN,
    "Query.customers(search)": SEARCH,
    "Query.kbSearch(query)": SEARCH,
    "Query.survey(token)": TOKEN,
    "Query.contributionRanking(provinces)": CODE,
    "TicketFilter.search": SEARCH,
    "TicketFilter.categories": CODE,
    "OpportunityFilter.search": SEARCH,
    "OpportunityFilter.provinces": CODE,
    "LeadFilter.search": SEARCH,
    "CustomerFilter.provinces": CODE,
    "CustomerFilter.cities": CODE,
    "CustomerFilter.industries": CODE,
    "CustomerFilter.tags": CODE,
    "LeadFilter.sources": CODE,
    "PoolFilter.provinces": CODE,
    "PoolFilter.industries": CODE,
    "AuditLogFilter.entityType": CODE,
    "AuditLogFilter.action": CODE,
    "LoginInput.email": EMAIL,
    "LoginInput.password": PASSWORD,
    "ActivityLogInput.subject": TITLE,
    "ActivityLogInput.outcome": TITLE,
    "AgentProfileInput.skills": CODE,
    "ApiTokenCreateInput.name": NAME,
    "BusinessCalendarInput.name": TextLimit(100),
    "BusinessCalendarInput.timezone": CODE,
    "DataSubjectEraseInput.confirmName": NAME,
    "KbArticleSaveInput.title": TITLE,
    "KbArticleSaveInput.body": TextLimit(50_000, multiline=True),
    "KbArticleSaveInput.category": CODE,
    "KbArticleSaveInput.tags": CODE,
    "KbArticleSaveInput.status": TextLimit(16),
    "LeadConvertInput.opportunityName": NAME,
    "LeadRuleInput.province": CODE,
    "LeadRuleInput.source": CODE,
    "OpportunityCreateInput.name": NAME,
    "OpportunityUpdateInput.name": NAME,
    "PermissionSetInput.role": CODE,
    "PermissionSetInput.type": CODE,
    "PermissionSetInput.field": CODE,
    "ScopeSetInput.role": CODE,
    "ScopeSetInput.type": CODE,
    "PipelineStageInput.key": TextLimit(32),
    "PipelineStageInput.name": TextLimit(100),
    "PortalAccountCreateInput.email": EMAIL,
    "PortalAccountCreateInput.password": PASSWORD,
    "PortalAccountCreateInput.locale": TextLimit(10),
    "RoutingRuleInput.category": CODE,
    "RoutingRuleInput.customerGrade": TextLimit(1),
    "RoutingRuleInput.skill": CODE,
    "SlaPolicyInput.name": TextLimit(100),
    "SlaPolicyInput.category": CODE,
    "SurveySubmitInput.token": TOKEN,
    "SurveySubmitInput.comment": TextLimit(2_000, multiline=True),
    "TaskCreateInput.title": TITLE,
    "TeamSaveInput.name": NAME,
    "TeamSaveInput.kind": TextLimit(20),
    "TicketCreateInput.subject": TITLE,
    "TicketCreateInput.category": CODE,
    "TicketRateInput.comment": TextLimit(2_000, multiline=True),
    # Reasons end up in a notification's title: "T-2026-000001 reopened: <reason>" (300 characters).
    "TicketReasonInput.reason": NAME,
    "UserCreateInput.email": EMAIL,
    "UserCreateInput.name": NAME,
    "UserCreateInput.password": PASSWORD,
    "UserCreateInput.roles": CODE,
    "UserCreateInput.locale": TextLimit(10),
    "UserUpdateInput.name": NAME,
    "UserUpdateInput.locale": TextLimit(10),
    "UserUpdateInput.roles": CODE,
    # Public web form: what a visitor may store without signing in.
    "LeadSubmitInput.message": TextLimit(2_000, multiline=True),
    "LeadSubmitInput.website": NAME,
}
# Marketing: every string its mutations take (tests/graphql/test_ranges.py requires one for each).
MAXIMA |= {
    "CampaignSaveInput.name": NAME,
    "CampaignSaveInput.goal": TextLimit(2_000, multiline=True),
    "CampaignContentInput.locale": TextLimit(10),
    "CampaignContentInput.subject": TITLE,
    "CampaignContentInput.body": TextLimit(20_000, multiline=True),
    "CampaignCostAddInput.label": NAME,
    "ContactConsentSetInput.source": CODE,
    "SuppressionAddInput.address": EMAIL,
    "SuppressionAddInput.reason": TextLimit(500),
    "MarketingSettingsInput.quietStart": TextLimit(8),
    "MarketingSettingsInput.quietEnd": TextLimit(8),
    "MarketingSettingsInput.timeZone": CODE,
    "SegmentSaveInput.name": NAME,
    "SegmentSaveInput.description": TextLimit(2_000, multiline=True),
    "SegmentSaveInput.preset": TextLimit(32),
    "SegmentFreezeInput.name": NAME,
    "JourneySaveInput.name": NAME,
}
for _input in ("ContactInput", "ContactCreateInput", "ContactUpdateInput"):
    MAXIMA |= {f"{_input}.name": NAME, f"{_input}.title": NAME, f"{_input}.phones": PHONE, f"{_input}.emails": EMAIL}
    MAXIMA |= {f"{_input}.timeZone": CODE}
for _input in ("CustomerCreateInput", "CustomerUpdateInput"):
    MAXIMA |= {f"{_input}.{name}": CODE for name in ("source", "industry", "province", "city", "occupation")}
    MAXIMA |= {f"{_input}.{name}": CODE for name in ("education", "tags", "idNumber")}
    MAXIMA |= {f"{_input}.name": NAME, f"{_input}.size": TextLimit(16), f"{_input}.creditRating": TextLimit(8)}
    MAXIMA |= {f"{_input}.address": TextLimit(500)}
for _input in ("LeadCreateInput", "LeadSubmitInput"):
    MAXIMA |= {f"{_input}.{name}": CODE for name in ("source", "province", "city")}
    MAXIMA |= {f"{_input}.name": NAME, f"{_input}.company": NAME, f"{_input}.title": NAME}
    MAXIMA |= {f"{_input}.phone": PHONE, f"{_input}.email": EMAIL}

#: Never in any string: NUL and the other C0 controls but tab and line breaks, DEL, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
#: Also refused where a value is one line.
_FORBIDDEN_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]")


def limit_for(coordinate: str, argument: str | None, scalar: str) -> TextLimit:
    """The limit of an input field (`coordinate` = `Input.field`) or an argument (`Type.field`, `argument`)."""
    key = f"{coordinate}({argument})" if argument is not None else coordinate
    found = MAXIMA.get(key) or (MAXIMA.get(f"({argument})") if argument is not None else None)
    if found is not None:
        return found
    return DEFAULT_ID if scalar == "ID" else DEFAULT_STRING


def text_problem(value: str, limit: TextLimit, path: str = "value") -> Message | None:
    """Why the string at `path` breaks its limit (a message for the caller), or None."""
    if len(value) > limit.max_length:
        return msg("`{path}` is longer than {max} characters.", path=path, max=limit.max_length)
    pattern = _FORBIDDEN if limit.multiline else _FORBIDDEN_ONE_LINE
    bad = pattern.search(value)
    if bad is not None:
        return msg(
            "`{path}` contains the control character {char}, which is not allowed here.",
            path=path,
            char=f"U+{ord(bad.group()):04X}",
        )
    return None


@cache
def _holds_checked(input_type: GraphQLInputType) -> bool:
    """Whether values of this input type can contain a String, ID or Int anywhere."""
    named = get_named_type(input_type)
    if isinstance(named, GraphQLScalarType):
        return named.name in ("String", "ID", "Int", "JSON")
    if isinstance(named, GraphQLInputObjectType):
        return any(_holds_checked(field.type) for field in named.fields.values())
    return False


@dataclass(frozen=True, slots=True)
class _Site:
    """A field in the document with arguments that can carry text or integers."""

    coordinate: str  # Type.field
    definition: GraphQLField
    node: FieldNode


_SITES: OrderedDict[tuple[int, str | None, int], tuple[OperationDefinitionNode | None, tuple[_Site, ...]]] = (
    OrderedDict()
)
_SITES_SIZE = 2048


def _sites(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> tuple[OperationDefinitionNode | None, tuple[_Site, ...]]:
    """The operation to run and every field with text-bearing arguments in it and its fragments (cached)."""
    key = (id(schema), operation_name, id(document))
    known = _SITES.get(key)
    if known is not None and known[0] is not None and any(d is known[0] for d in document.definitions):
        return known
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        operation = operations[0] if len(operations) == 1 else None
    else:
        operation = next((o for o in operations if o.name is not None and o.name.value == operation_name), None)
    found: list[_Site] = []
    if operation is not None:
        # The operation and every fragment (unused ones too: checking more than runs is harmless).
        parts = [operation, *(d for d in document.definitions if isinstance(d, FragmentDefinitionNode))]
        type_info = TypeInfo(schema)

        class Fields(Visitor):
            def enter_field(self, node: FieldNode, *_: Any) -> None:
                definition = type_info.get_field_def()
                parent = type_info.get_parent_type()
                if definition is None or parent is None or not definition.args:
                    return
                if any(_holds_checked(argument.type) for argument in definition.args.values()):
                    found.append(_Site(f"{parent.name}.{node.name.value}", definition, node))

        for part in parts:
            visit(part, TypeInfoVisitor(type_info, Fields()))
    result = (operation, tuple(found))
    _SITES[key] = result
    if len(_SITES) > _SITES_SIZE:
        _SITES.popitem(last=False)
    return result


def input_problems(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    max_page_size: int = 100,
    coerced: Any = None,
) -> list[GraphQLError]:
    """Every input of the operation that breaks its limit, on the values as the executor coerces them
    (`coerced`: the operation's variables already coerced by `get_variable_values`, which is then not run again).

    Variables or arguments that do not coerce are left to the executor, which reports them.
    """
    operation, sites = _sites(schema, document, operation_name)
    if operation is None or not sites:
        return []
    if coerced is None:
        coerced = get_variable_values(schema, operation.variable_definitions or (), dict(variables or {}))
    if isinstance(coerced, list):
        return []
    problems: list[GraphQLError] = []
    for site in sites:
        try:
            arguments = get_argument_values(site.definition, site.node, coerced)
        except GraphQLError:
            continue
        for name, value in arguments.items():
            argument = site.definition.args[name]
            if value is None or not _holds_checked(argument.type):
                continue
            _check_value(value, argument.type, site.coordinate, name, name, site.node, problems, max_page_size)
            if len(problems) >= 10:
                return problems
    return problems


def _check_value(
    value: Any,
    input_type: GraphQLInputType,
    coordinate: str,
    argument: str | None,
    path: str,
    node: FieldNode,
    problems: list[GraphQLError],
    max_page_size: int,
) -> None:
    """Walk one coerced value with its type, appending an error for each string or integer over its limit."""
    if value is None:
        return
    if isinstance(input_type, GraphQLNonNull):
        _check_value(value, input_type.of_type, coordinate, argument, path, node, problems, max_page_size)
        return
    if isinstance(input_type, GraphQLList):
        items = value if isinstance(value, list) else [value]
        most = LIST_MAXIMA.get(coordinate, MAX_LIST_ITEMS)
        if len(items) > most:
            problems.append(_input_error(msg("`{path}` has more than {most} items.", path=path, most=most), path, node))
            return
        for index, item in enumerate(items):
            _check_value(
                item, input_type.of_type, coordinate, argument, f"{path}.{index}", node, problems, max_page_size
            )
        return
    if isinstance(input_type, GraphQLInputObjectType):
        for field_name, field in input_type.fields.items():
            out_name = field.out_name or field_name
            # Strawberry coerces input objects into its own classes (attributes by Python name), not dicts.
            if isinstance(value, Mapping):
                item = value.get(out_name, value.get(field_name))
            else:
                item = getattr(value, out_name, None)
            if item is not None and _holds_checked(field.type):
                _check_value(
                    item,
                    field.type,
                    f"{input_type.name}.{field_name}",
                    None,
                    f"{path}.{field_name}",
                    node,
                    problems,
                    max_page_size,
                )
        return
    if isinstance(input_type, GraphQLScalarType) and input_type.name == "JSON":  # rules, graphs: JSONB and SQL
        if (found := _json_problem(value, path)) is not None:
            problems.append(_input_error(*found, node))
    elif isinstance(input_type, GraphQLScalarType) and isinstance(value, str):
        limit = limit_for(coordinate, argument, input_type.name)
        reason = text_problem(value, limit, path)
        if reason is not None:
            problems.append(_input_error(reason, path, node))
    elif isinstance(input_type, GraphQLScalarType) and input_type.name == "Int" and isinstance(value, int):
        outside = int_problem(value, int_range(coordinate, argument, max_page_size), path)
        if outside is not None:
            problems.append(_input_error(outside, path, node))


_JSON_TEXT = TextLimit(1_000_000, multiline=True)  # in a JSON argument: the characters (the body bounds the size)


def _json_problem(value: Any, path: str) -> tuple[Message, str] | None:
    return first_string_problem(value, path, lambda text, where: text_problem(text, _JSON_TEXT, where))


def _input_error(text: Message, path: str, node: FieldNode) -> GraphQLError:
    return graphql_error(BadUserInputError(text, field=path), nodes=[node])


class InputLimits(SchemaExtension):
    """Refuse the operation when an input breaks its limit, before any resolver (or SQL) runs."""

    #: `first`/`last` take 0 to this (build_schema sets GRAPHQL_MAX_PAGE_SIZE).
    max_page_size = 100

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None and not ctx.pre_execution_errors:
            problems = input_problems(
                ctx.schema._schema, ctx.graphql_document, ctx.operation_name, ctx.variables, self.max_page_size
            )
            if problems:
                raise problems[0]
        yield
