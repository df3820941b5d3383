"""The one enforcement layer: every operation is checked against the caller's policy before it runs.

Selections (on every path: nested fields, fragments, `node`, mutation payloads, subscriptions) need at least
masked access to each `Type.field`; root fields need read (queries, subscriptions) or write (mutations);
filters, sort keys, searches and groupings need read; mutation inputs need write. A violation answers
FORBIDDEN and nothing executes, so there is no oracle. The selection check is cached per document and role
set; argument checks use the request's variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    get_named_type,
    value_from_ast_untyped,
    visit,
)
from graphql.language import ArgumentNode, Visitor
from strawberry.extensions import SchemaExtension

from rapport.core.authz.policy import Access, PrincipalPolicy
from rapport.core.authz.rules import ARGUMENT_RULES, INPUT_TARGETS
from rapport.core.errors import ErrorCode

ROOTS = {"Query": Access.READ, "Mutation": Access.WRITE, "Subscription": Access.READ}
STRUCTURAL_TYPES = frozenset({"PageInfo", "UserError", "MergeCount"})
STRUCTURAL_SUFFIXES = ("Connection", "Edge", "Payload")
#: Input fields that locate what to change rather than change it.
LOCATOR_INPUT_FIELDS = frozenset({"id", "version"})


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


#: `@include`/`@skip` conditions a selection sits under: (directive name, its `if` value node).
Conditions = tuple[tuple[str, Any], ...]


def _conditions(node: Any) -> Conditions:
    found = []
    for directive in getattr(node, "directives", None) or ():
        if directive.name.value in ("include", "skip"):
            for argument in directive.arguments or ():
                if argument.name.value == "if":
                    found.append((directive.name.value, argument.value))
    return tuple(found)


def _active(conditions: Conditions, variables: dict[str, Any] | None) -> bool:
    """False when an `@include(if: false)` or `@skip(if: true)` leaves the selection out for these variables."""
    for name, value_node in conditions:
        value = bool(value_from_ast_untyped(value_node, variables or {}))
        if value != (name == "include"):
            return False
    return True


class _Selections(Visitor):
    """Collects (Type.field, access needed, conditions) for every field selection and argument it passes.

    A selection left out by `@include`/`@skip` needs nothing, so a client can write one document and leave out,
    per viewer, what their role may not read.
    """

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.needs: list[tuple[str, Access, Conditions]] = []
        self.arguments: list[tuple[str, ArgumentNode, Any, Conditions]] = []
        self._stack: list[Conditions] = []

    def _push(self, node: Any) -> Conditions:
        current = (self._stack[-1] if self._stack else ()) + _conditions(node)
        self._stack.append(current)
        return current

    def _pop(self, *_: Any) -> None:
        self._stack.pop()

    def enter_inline_fragment(self, node: Any, *_: Any) -> None:
        self._push(node)

    leave_inline_fragment = _pop

    def enter_fragment_spread(self, node: Any, *_: Any) -> None:
        self._push(node)

    leave_fragment_spread = _pop

    def enter_fragment_definition(self, node: Any, *_: Any) -> None:
        self._stack.append(())

    leave_fragment_definition = _pop

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        conditions = self._push(node)
        parent = self.type_info.get_parent_type()
        if parent is None:
            return
        name = node.name.value
        if isinstance(parent, GraphQLInterfaceType | GraphQLUnionType):
            return  # interface fields (Node.id) and __typename carry no data of their own
        access = required_access(parent.name, name)
        if access is not None:
            self.needs.append((f"{parent.name}.{name}", access, conditions))
        field_def = self.type_info.get_field_def()
        for argument in node.arguments or ():
            arg_def = field_def.args.get(argument.name.value) if field_def else None
            self.arguments.append((f"{parent.name}.{name}", argument, arg_def.type if arg_def else None, conditions))

    leave_field = _pop


def _inline_fragments(document: DocumentNode) -> DocumentNode:
    """The operations with every named fragment spread replaced by an inline fragment (keeping its directives).

    So `...F @include(if: $a)` conditions the fragment's fields as it does in execution. Fragment cycles (which
    validation rejects later) are cut off rather than followed.
    """
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}

    def selections(selection_set: SelectionSetNode | None, seen: frozenset[str]) -> SelectionSetNode | None:
        if selection_set is None:
            return None
        result: list[Any] = []
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is None or selection.name.value in seen:
                    continue
                inner = selections(fragment.selection_set, seen | {selection.name.value}) or SelectionSetNode()
                result.append(
                    InlineFragmentNode(
                        type_condition=fragment.type_condition, directives=selection.directives, selection_set=inner
                    )
                )
            elif isinstance(selection, FieldNode | InlineFragmentNode):
                result.append(_replace(selection, selection_set=selections(selection.selection_set, seen)))
        return SelectionSetNode(selections=tuple(result))

    operations = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            operations.append(_replace(definition, selection_set=selections(definition.selection_set, frozenset())))
    return DocumentNode(definitions=tuple(operations))


def _replace(node: Any, **changes: Any) -> Any:
    """A copy of an (immutable) AST node with some attributes changed."""
    return type(node)(**({key: getattr(node, key) for key in node.keys if key != "loc"} | changes))


_NEEDS_CACHE: dict[tuple[int, str], tuple[tuple[tuple[str, Access, Conditions], ...], tuple[Any, ...]]] = {}
_NEEDS_CACHE_SIZE = 4096


def _selection_needs(
    schema: GraphQLSchema, document: DocumentNode, query: str | None
) -> tuple[tuple[tuple[str, Access, Conditions], ...], tuple[Any, ...]]:
    """The fields an operation selects and the arguments it passes, cached per query text."""
    key = (id(schema), query) if query else None
    if key is not None and key in _NEEDS_CACHE:
        return _NEEDS_CACHE[key]
    type_info = TypeInfo(schema)
    collector = _Selections(type_info)
    visit(_inline_fragments(document), TypeInfoVisitor(type_info, collector))
    result = tuple(dict.fromkeys(collector.needs)), tuple(collector.arguments)
    if key is not None:
        if len(_NEEDS_CACHE) >= _NEEDS_CACHE_SIZE:
            _NEEDS_CACHE.pop(next(iter(_NEEDS_CACHE)))
        _NEEDS_CACHE[key] = result
    return result


def _input_needs(input_type: Any, value: Any, out: list[tuple[str, Access]]) -> None:
    named = get_named_type(input_type)
    if isinstance(value, list):
        for item in value:
            _input_needs(named, item, out)
        return
    if not isinstance(named, GraphQLInputObjectType) or not isinstance(value, dict):
        return
    target = INPUT_TARGETS.get(named.name)
    for key, item in value.items():
        field_def = named.fields.get(key)
        if field_def is None:
            continue
        if target is not None and key not in LOCATOR_INPUT_FIELDS:
            mapped = target.renames.get(key, key.removesuffix("Id") if key.endswith("Id") else key)
            if mapped is not None:
                out.append((f"{target.type_name}.{mapped}", Access.WRITE))
        inner = field_def.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if isinstance(inner, GraphQLInputObjectType):
            _input_needs(inner, item, out)


def violations(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    policy: PrincipalPolicy,
    query: str | None = None,
) -> list[str]:
    """What the operation would do that the policy does not allow, as `read Type.field` phrases."""
    if policy.is_admin:
        return []
    needs, arguments = _selection_needs(schema, document, query)
    found = [
        (name, access)
        for name, access, conditions in needs
        if policy.access(name) < access and (not conditions or _active(conditions, variables))
    ]
    for root_field, argument, arg_type, conditions in arguments:
        if conditions and not _active(conditions, variables):
            continue
        value = value_from_ast_untyped(argument.value, variables or {})
        rule = ARGUMENT_RULES.get((root_field, argument.name.value))
        extra: list[tuple[str, Access]] = rule(value) if rule is not None else []
        if arg_type is not None:
            _input_needs(arg_type, value, extra)
        found += [(name, access) for name, access in extra if policy.access(name) < access]
    verbs = {Access.MASKED: "read", Access.READ: "read unmasked", Access.WRITE: "write"}
    return list(dict.fromkeys(f"{verbs[access]} {name}" for name, access in found))


class FieldGuard(SchemaExtension):
    """Refuses (FORBIDDEN, before any resolver) operations that touch what the caller may not."""

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        policy: PrincipalPolicy | None = getattr(ctx.context, "policy", None)
        if not ctx.pre_execution_errors and ctx.graphql_document is not None and policy is not None:
            problems = violations(ctx.schema._schema, ctx.graphql_document, ctx.variables, policy, ctx.query)
            if problems and getattr(ctx.context, "principal", None) is None:
                ctx.pre_execution_errors = [
                    GraphQLError(
                        "Sign in first, or send an API token as 'Authorization: Bearer'.",
                        extensions={"code": ErrorCode.UNAUTHENTICATED.value},
                    )
                ]
            elif problems:
                shown = ", ".join(problems[:5]) + (f" and {len(problems) - 5} more" if len(problems) > 5 else "")
                ctx.pre_execution_errors = [
                    GraphQLError(
                        f"Not allowed for your roles: {shown}.",
                        extensions={"code": ErrorCode.FORBIDDEN.value, "denied": problems},
                    )
                ]
        yield


__all__ = ["FieldGuard", "GraphQLObjectType", "is_structural", "required_access", "violations"]
