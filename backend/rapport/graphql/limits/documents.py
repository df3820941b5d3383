"""Caps on documents: size and tokens before parsing, shape in one linear pass before validation, and a
budget of new documents per address for callers who are not signed in."""

from __future__ import annotations

import math
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)
from strawberry.extensions import SchemaExtension

from rapport.config import Settings
from rapport.core.errors import ErrorCode, RateLimitedError
from rapport.core.i18n import msg


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
                        msg(
                            "Too many new documents from your address; sign in or try again in {seconds} seconds.",
                            seconds=retry,
                        ),
                        retry,
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
