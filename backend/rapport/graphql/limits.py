"""Limits before work: the size and shape of a document, and the length and characters of every string input.

Two checks, each in one place and applied on every path (HTTP, websocket, the compiled read path):

- **Documents** (`DocumentCaps`): bytes and tokens before parsing (smaller for anonymous callers), then one
  linear pass over the parsed document (`document_problem`) that counts what validation would work through:
  fields per selection set with fragments flattened, the same response key repeated in one selection set,
  directives in the document, and the same directive twice on one location. A document over a cap is refused
  before the specification's rules run (their cost grows with the square of repeated fields).
- **String inputs** (`input_problems`): every argument and input field of type String or ID, literal or
  variable, operation defaults included, is checked on the coerced values before a resolver runs: a declared
  maximum length (`MAXIMA`, with defaults for anything undeclared) and no NUL, other control characters or
  lone surrogates (line breaks only where the field holds free text).
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    get_named_type,
    parse,
    visit,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from rapport.config import Settings
from rapport.core.errors import ErrorCode, RateLimitedError

# --- documents ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentCaps:
    """How large and how repetitive a document may be."""

    max_bytes: int
    max_tokens: int
    max_anonymous_bytes: int
    max_anonymous_tokens: int
    #: Fields of one selection set, fragments (inline and named) flattened into it.
    max_fields_per_selection: int
    #: Occurrences of one response key in one selection set, fragments flattened.
    max_duplicate_fields: int
    #: Directives in the whole document.
    max_directives: int
    #: Selection sets nested in one another, through inline fragments and fragment spreads too.
    max_nesting: int
    #: Distinct named fragments spread into one selection set (validation compares them pairwise).
    max_fragment_spreads: int

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentCaps:
        """The caps configured in settings."""
        return cls(
            max_bytes=settings.graphql_max_document_bytes,
            max_tokens=settings.graphql_max_tokens,
            max_anonymous_bytes=settings.graphql_max_anonymous_document_bytes,
            max_anonymous_tokens=settings.graphql_max_anonymous_tokens,
            max_fields_per_selection=settings.graphql_max_fields_per_selection,
            max_duplicate_fields=settings.graphql_max_duplicate_fields,
            max_directives=settings.graphql_max_directives,
            max_nesting=settings.graphql_max_nesting,
            max_fragment_spreads=settings.graphql_max_fragment_spreads,
        )

    def size(self, anonymous: bool) -> tuple[int, int]:
        """(bytes, tokens) a caller may send."""
        if anonymous:
            return self.max_anonymous_bytes, self.max_anonymous_tokens
        return self.max_bytes, self.max_tokens


def _limit_error(message: str, nodes: Any = None) -> GraphQLError:
    return GraphQLError(message, nodes=nodes, extensions={"code": ErrorCode.BAD_USER_INPUT.value})


def size_problem(query: str, max_bytes: int) -> GraphQLError | None:
    """An error when the document's text is larger than `max_bytes` (UTF-8), else None."""
    # A character takes 1 to 4 bytes: only texts near the cap need encoding.
    if len(query) * 4 > max_bytes and len(query.encode("utf-8", "surrogatepass")) > max_bytes:
        return _limit_error(f"The document is larger than {max_bytes} bytes; send a smaller one.")
    return None


def document_problem(document: DocumentNode, caps: DocumentCaps) -> GraphQLError | None:
    """The first way the document exceeds the shape caps, or None. One pass, linear in the document."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    #: Per selection set: response keys of its own fields and inline fragments, and the fragments it spreads.
    own: dict[int, Counter[str]] = {}
    spreads: dict[int, set[str]] = {}
    sets: list[SelectionSetNode] = []
    problem: list[GraphQLError] = []
    directives = 0
    #: Per operation or fragment definition: its deepest selection set, and (depth, name) of each spread in it.
    deepest: dict[int, int] = {}
    spread_depths: dict[int, list[tuple[int, str]]] = {}

    def directives_of(node: Any) -> None:
        nonlocal directives
        found: tuple[DirectiveNode, ...] = node.directives or ()
        if not found:
            return
        directives += len(found)
        names = [d.name.value for d in found]
        if len(set(names)) != len(names):
            repeated = next(n for n in names if names.count(n) > 1)
            problem.append(_limit_error(f"The directive '@{repeated}' is repeated on one location.", list(found)))

    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            continue
        key = id(definition)
        directives_of(definition)
        for variable in getattr(definition, "variable_definitions", None) or ():
            directives_of(variable)
        deepest[key], spread_depths[key] = 0, []
        # Selection sets in post-order without recursion: the sets of inline fragments below first.
        stack: list[tuple[SelectionSetNode, int, bool]] = [(definition.selection_set, 1, False)]
        while stack:
            node, depth, children_done = stack.pop()
            if children_done:
                keys: Counter[str] = Counter()
                names: set[str] = set()
                for selection in node.selections:
                    if isinstance(selection, FieldNode):
                        keys[(selection.alias or selection.name).value] += 1
                    elif isinstance(selection, InlineFragmentNode):
                        keys.update(own[id(selection.selection_set)])
                        names |= spreads[id(selection.selection_set)]
                    elif isinstance(selection, FragmentSpreadNode):
                        names.add(selection.name.value)
                own[id(node)], spreads[id(node)] = keys, names
                sets.append(node)
                continue
            deepest[key] = max(deepest[key], depth)
            stack.append((node, depth, True))
            for selection in node.selections:
                directives_of(selection)
                if isinstance(selection, FragmentSpreadNode):
                    spread_depths[key].append((depth, selection.name.value))
                elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                    stack.append((selection.selection_set, depth + 1, False))
    if problem:
        return problem[0]
    if directives > caps.max_directives:
        return _limit_error(f"The document has more than {caps.max_directives} directives.")

    flattened: dict[str, Counter[str]] = {}
    nesting: dict[str, int] = {}

    def nesting_of(key: int) -> int:
        """How deep the selection sets of a definition go, with the fragments it spreads (computed already)."""
        # A spread counts as a level: validation rules recurse through it as through a field.
        through = (level + nesting.get(child, 0) for level, child in spread_depths.get(key, ()))
        return max([deepest.get(key, 0), *through])

    def fragment_keys(name: str) -> Counter[str]:
        """Response keys a named fragment adds where it is spread (cycles and unknown names add nothing)."""
        # Post-order without recursion: a fragment is summed once every fragment it spreads has been.
        stack: list[tuple[str, bool]] = [(name, False)]
        on_path: set[str] = set()
        while stack:
            current, children_done = stack.pop()
            definition = fragments.get(current)
            if children_done:
                on_path.discard(current)
                total: Counter[str] = Counter()
                if definition is not None:
                    total.update(own[id(definition.selection_set)])
                    for child in spreads[id(definition.selection_set)]:
                        total.update(flattened.get(child, Counter()))
                    nesting[current] = nesting_of(id(definition))
                flattened[current] = _capped(total, caps)
            elif current not in flattened and current not in on_path:
                on_path.add(current)
                stack.append((current, True))
                if definition is not None:
                    stack.extend(
                        (child, False)
                        for child in spreads[id(definition.selection_set)]
                        if child not in flattened and child not in on_path
                    )
        return flattened.get(name, Counter())

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            for _, name in spread_depths.get(id(definition), ()):
                fragment_keys(name)
            if nesting_of(id(definition)) > caps.max_nesting:
                return _limit_error(f"Selections are nested more than {caps.max_nesting} levels deep.", [definition])
    for node in sets:
        total = Counter(own[id(node)])
        for name in spreads[id(node)]:
            total.update(fragment_keys(name))
        if len(spreads[id(node)]) > caps.max_fragment_spreads:
            return _limit_error(
                f"A selection set spreads more than {caps.max_fragment_spreads} named fragments.", [node]
            )
        if sum(total.values()) > caps.max_fields_per_selection:
            return _limit_error(
                f"A selection set has more than {caps.max_fields_per_selection} fields (fragments included).", [node]
            )
        repeated, count = max(total.items(), key=lambda item: item[1], default=("", 0))
        if count > caps.max_duplicate_fields:
            return _limit_error(
                f"'{repeated}' is selected {count} times in one selection set; at most {caps.max_duplicate_fields}.",
                [node],
            )
    return None


def _capped(total: Counter[str], caps: DocumentCaps) -> Counter[str]:
    """Keep a fragment's counts small: past the caps the exact numbers no longer matter."""
    limit = caps.max_fields_per_selection + 1
    if sum(total.values()) <= limit:
        return total
    capped: Counter[str] = Counter()
    for key, count in total.items():
        capped[key] = min(count, caps.max_duplicate_fields + 1)
        if sum(capped.values()) >= limit:
            break
    return capped


_CHECKED: OrderedDict[tuple[str, DocumentCaps], GraphQLError | None] = OrderedDict()


def checked_document(query: str, document: DocumentNode, caps: DocumentCaps) -> GraphQLError | None:
    """`document_problem`, once per query text."""
    key = (query, caps)
    if key in _CHECKED:
        return _CHECKED[key]
    found = document_problem(document, caps)
    _CHECKED[key] = found
    if len(_CHECKED) > 2048:
        _CHECKED.popitem(last=False)
    return found


_PARSED: OrderedDict[tuple[str, int], DocumentNode] = OrderedDict()
_PARSED_SIZE = 2048


def parse_within(query: str, max_tokens: int) -> DocumentNode:
    """The parsed document (cached per text and token cap; the parser stops at `max_tokens`)."""
    key = (query, max_tokens)
    document = _PARSED.get(key)
    if document is None:
        document = parse(query, max_tokens=max_tokens)
        _PARSED[key] = document
        if len(_PARSED) > _PARSED_SIZE:
            _PARSED.popitem(last=False)
    return document


def is_parsed(query: str, max_tokens: int) -> bool:
    """Whether this text is in the parse cache (so also, almost surely, in the validation cache)."""
    return (query, max_tokens) in _PARSED


class NewDocumentBudget:
    """Per client address, how many documents this process has not seen yet it parses and validates for callers
    who are not signed in: a token bucket (`burst`, refilled at `per_minute`). The work a new document costs
    grows with its size (about 40 microseconds per token here); known documents (the SPA's, a lead form's)
    cost nothing and are never limited. Kept per process: the budget protects this process's CPU."""

    def __init__(self, per_minute: int, burst: int, addresses: int = 10_000) -> None:
        self.per_second = per_minute / 60
        self.burst = burst
        self.addresses = addresses
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, address: str, now: float) -> float | None:
        """Spend one document of the address's budget; None when allowed, else seconds until one is left."""
        tokens, at = self._buckets.pop(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_second)
        if tokens < 1:
            self._buckets[address] = (tokens, now)
            return (1 - tokens) / self.per_second if self.per_second else 3600.0
        self._buckets[address] = (tokens - 1, now)
        if len(self._buckets) > self.addresses:
            self._buckets.popitem(last=False)
        return None


class DocumentLimits(SchemaExtension):
    """Parse within the caller's size caps (anonymous callers get smaller ones) through a shared cache, and
    refuse a document over the shape caps before any validation rule visits it."""

    caps: DocumentCaps
    budget: NewDocumentBudget | None = None

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is None and ctx.query is not None:
            anonymous = getattr(ctx.context, "principal", None) is None
            max_bytes, max_tokens = self.caps.size(anonymous)
            found = size_problem(ctx.query, max_bytes)
            if found is not None:
                raise found
            if anonymous and self.budget is not None and not is_parsed(ctx.query, max_tokens):
                address = str(getattr(ctx.context, "client_address", "unknown"))
                wait = self.budget.take(address, time.monotonic())
                if wait is not None:
                    retry = max(1, math.ceil(wait))
                    raise RateLimitedError(
                        f"Too many new documents from your address; sign in or try again in {retry} seconds.", retry
                    )
            ctx.graphql_document = parse_within(ctx.query, max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.query is not None and ctx.graphql_document is not None:
            found = checked_document(ctx.query, ctx.graphql_document, self.caps)
            if found is not None:
                # Set before the validation runs (CachedValidation and Strawberry's own skip it then).
                ctx.pre_execution_errors = [found]
        yield


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    """The message without graphql-core's "Did you mean ...?" hints (which list the schema's names)."""
    return _SUGGESTION.sub("", message) if "Did you mean" in message else message


# --- string inputs -----------------------------------------------------------------------------------------


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
for _input in ("ContactInput", "ContactCreateInput", "ContactUpdateInput"):
    MAXIMA |= {f"{_input}.name": NAME, f"{_input}.title": NAME, f"{_input}.phones": PHONE, f"{_input}.emails": EMAIL}
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


def text_problem(value: str, limit: TextLimit) -> str | None:
    """Why a string breaks its limit (a sentence for the caller), or None."""
    if len(value) > limit.max_length:
        return f"is longer than {limit.max_length} characters"
    pattern = _FORBIDDEN if limit.multiline else _FORBIDDEN_ONE_LINE
    bad = pattern.search(value)
    if bad is not None:
        return f"contains the control character U+{ord(bad.group()):04X}, which is not allowed here"
    return None


@cache
def _holds_text(input_type: GraphQLInputType) -> bool:
    """Whether values of this input type can contain a String or ID anywhere."""
    named = get_named_type(input_type)
    if isinstance(named, GraphQLScalarType):
        return named.name in ("String", "ID")
    if isinstance(named, GraphQLInputObjectType):
        return any(_holds_text(field.type) for field in named.fields.values())
    return False


@dataclass(frozen=True, slots=True)
class _Site:
    """A field in the document with arguments that can carry text."""

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
                if any(_holds_text(argument.type) for argument in definition.args.values()):
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
) -> list[GraphQLError]:
    """Every string input of the operation that breaks its limit, on the values as the executor coerces them.

    Variables or arguments that do not coerce are left to the executor, which reports them.
    """
    operation, sites = _sites(schema, document, operation_name)
    if operation is None or not sites:
        return []
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
            if value is None or not _holds_text(argument.type):
                continue
            _check_value(value, argument.type, site.coordinate, name, name, site.node, problems)
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
) -> None:
    """Walk one coerced value with its type, appending an error for each string over its limit."""
    if value is None:
        return
    if isinstance(input_type, GraphQLNonNull):
        _check_value(value, input_type.of_type, coordinate, argument, path, node, problems)
        return
    if isinstance(input_type, GraphQLList):
        items = value if isinstance(value, list) else [value]
        most = LIST_MAXIMA.get(coordinate, MAX_LIST_ITEMS)
        if len(items) > most:
            problems.append(_input_error(f"`{path}` has more than {most} items.", path, node))
            return
        for index, item in enumerate(items):
            _check_value(item, input_type.of_type, coordinate, argument, f"{path}.{index}", node, problems)
        return
    if isinstance(input_type, GraphQLInputObjectType):
        for field_name, field in input_type.fields.items():
            out_name = field.out_name or field_name
            # Strawberry coerces input objects into its own classes (attributes by Python name), not dicts.
            if isinstance(value, Mapping):
                item = value.get(out_name, value.get(field_name))
            else:
                item = getattr(value, out_name, None)
            if item is not None and _holds_text(field.type):
                _check_value(
                    item, field.type, f"{input_type.name}.{field_name}", None, f"{path}.{field_name}", node, problems
                )
        return
    if isinstance(input_type, GraphQLScalarType) and isinstance(value, str):
        limit = limit_for(coordinate, argument, input_type.name)
        reason = text_problem(value, limit)
        if reason is not None:
            problems.append(_input_error(f"`{path}` {reason}.", path, node))


def _input_error(message: str, path: str, node: FieldNode) -> GraphQLError:
    return GraphQLError(message, nodes=[node], extensions={"code": ErrorCode.BAD_USER_INPUT.value, "field": path})


class InputLimits(SchemaExtension):
    """Refuse the operation when a string input breaks its limit, before any resolver (or SQL) runs."""

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.graphql_document is not None and not ctx.pre_execution_errors:
            problems = input_problems(ctx.schema._schema, ctx.graphql_document, ctx.operation_name, ctx.variables)
            if problems:
                raise problems[0]
        yield
