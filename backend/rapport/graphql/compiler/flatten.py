"""Flattening: an operation with fragments and `@include`/`@skip` becomes the plain fields it selects.

The compiler plans plain fields. The web app's documents use named fragments, inline fragments and
`@include(if: $flag)`; what they select depends on the boolean variables those directives read. For one set of
those booleans (the operation's *shape*), the fields selected are fixed: this module collects them as the GraphQL
specification's CollectFields does (a skipped selection drops out, a fragment whose type condition does not apply
drops out, fields of the same response key merge, the first occurrence fixing the order), and returns the
operation with only fields in its selection sets. A plan is made per (document, shape).

Below a union, the selection becomes one inline fragment per member type, each with the fields that member
selects (a `@merged` connection's nodes: `rapport.graphql.compiler.plan`). Anything it does not understand -
another directive, a selection below an interface - raises NotCompiled, and the resolvers answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from rapport.graphql.compiler.errors import NotCompiled

#: The values of the boolean variables `@include`/`@skip` read, by variable name.
Shape = tuple[tuple[str, bool], ...]


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def directive_variables(document: DocumentNode) -> tuple[str, ...]:
    """The names of the variables that `@include`/`@skip` read anywhere in the document, sorted."""
    found: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set is not None else ():
            for directive in selection.directives or ():
                for argument in directive.arguments or ():
                    if directive.name.value in ("include", "skip") and isinstance(argument.value, VariableNode):
                        found.add(argument.value.name.value)
            walk(getattr(selection, "selection_set", None))

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            walk(definition.selection_set)
    return tuple(sorted(found))


def shape_of(
    operation: OperationDefinitionNode, names: tuple[str, ...], variables: Mapping[str, Any] | None
) -> Shape | None:
    """The request's shape: each directive variable's boolean, given or by default. None when one is not a
    boolean (missing without a default, null, another type): the resolvers report or decide that."""
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, BooleanValueNode):
            defaults[definition.variable.name.value] = definition.default_value.value
    shape = []
    for name in names:
        value = (variables or {}).get(name, defaults.get(name))
        if not isinstance(value, bool):
            return None
        shape.append((name, value))
    return tuple(shape)


def flatten(
    schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, shape: Shape
) -> OperationDefinitionNode:
    """The operation with only fields in its selection sets, for this shape (NotCompiled when it cannot be)."""
    root = schema.query_type
    assert root is not None
    flags = dict(shape)
    fragments = fragments_of(document)
    return OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=_flat(schema, root, operation.selection_set, fragments, flags),
        loc=operation.loc,
    )


def flat_selection(
    schema: GraphQLSchema,
    document: DocumentNode,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode,
    shape: Shape,
) -> SelectionSetNode:
    """One selection set of `parent` with only fields in it, for this shape (a mutation payload's object:
    `rapport.graphql.compiler.payloads`)."""
    return _flat(schema, parent, selection_set, fragments_of(document), dict(shape))


def _flat(
    schema: GraphQLSchema,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    flags: dict[str, bool],
) -> SelectionSetNode:
    groups: dict[str, list[FieldNode]] = {}
    _collect(schema, parent, selection_set, fragments, flags, groups, set())
    fields: list[SelectionNode] = []
    for nodes in groups.values():
        first = nodes[0]
        selection: SelectionSetNode | None = None
        if any(node.selection_set is not None for node in nodes):
            definition = parent.fields.get(first.name.value)
            child = get_named_type(definition.type) if definition is not None else None
            merged = SelectionSetNode(
                selections=tuple(s for node in nodes if node.selection_set for s in node.selection_set.selections)
            )
            if isinstance(child, GraphQLUnionType):
                selection = _members(schema, child, merged, fragments, flags)
            elif not isinstance(child, GraphQLObjectType):
                if isinstance(child, GraphQLInterfaceType):
                    raise NotCompiled(f"a selection below the abstract type {child.name}")
                raise NotCompiled(f"a selection below {parent.name}.{first.name.value}")
            else:
                selection = _flat(schema, child, merged, fragments, flags)
        fields.append(
            FieldNode(
                alias=first.alias,
                name=first.name,
                arguments=first.arguments,
                directives=(),
                selection_set=selection,
                loc=first.loc,
            )
        )
    return SelectionSetNode(selections=tuple(fields))


def _members(
    schema: GraphQLSchema,
    union: GraphQLUnionType,
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    flags: dict[str, bool],
) -> SelectionSetNode:
    """A selection below a union: for each member type, in the union's order, an inline fragment on it with the
    fields the member selects (the union's own `__typename` included; none when no fragment applies)."""
    return SelectionSetNode(
        selections=tuple(
            InlineFragmentNode(
                type_condition=NamedTypeNode(name=NameNode(value=member.name)),
                directives=(),
                selection_set=_flat(schema, member, selection_set, fragments, flags),
            )
            for member in union.types
        )
    )


def _collect(
    schema: GraphQLSchema,
    parent: GraphQLObjectType,
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    flags: dict[str, bool],
    groups: dict[str, list[FieldNode]],
    visited: set[str],
) -> None:
    for selection in selection_set.selections:
        if not _included(selection.directives or (), flags):
            continue
        if isinstance(selection, FieldNode):
            groups.setdefault((selection.alias or selection.name).value, []).append(selection)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition.name.value if selection.type_condition else None
            if _applies(schema, parent, condition):
                _collect(schema, parent, selection.selection_set, fragments, flags, groups, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in visited:
                continue
            visited.add(name)
            fragment = fragments.get(name)
            if fragment is None:
                raise NotCompiled(f"fragment {name} is not defined")
            if _applies(schema, parent, fragment.type_condition.name.value):
                if fragment.directives:
                    raise NotCompiled("directives on a fragment definition")
                _collect(schema, parent, fragment.selection_set, fragments, flags, groups, visited)


def _applies(schema: GraphQLSchema, parent: GraphQLObjectType, condition: str | None) -> bool:
    """DoesFragmentTypeApply: the condition is the object type itself, or an interface or union holding it."""
    if condition is None or condition == parent.name:
        return True
    kind = schema.get_type(condition)
    if isinstance(kind, GraphQLInterfaceType | GraphQLUnionType):
        return schema.is_sub_type(kind, parent)
    return False


def _included(directives: tuple[DirectiveNode, ...] | list[DirectiveNode], flags: dict[str, bool]) -> bool:
    """Whether `@include`/`@skip` keep the selection; NotCompiled for any other directive."""
    for directive in directives:
        name = directive.name.value
        if name not in ("include", "skip"):
            raise NotCompiled(f"the directive @{name} is left to the resolvers")
        argument = next((a for a in directive.arguments or () if a.name.value == "if"), None)
        if argument is None:
            raise NotCompiled(f"@{name} without `if`")
        value = argument.value
        if isinstance(value, BooleanValueNode):
            condition = value.value
        elif isinstance(value, VariableNode) and value.name.value in flags:
            condition = flags[value.name.value]
        else:
            raise NotCompiled(f"@{name} reads a value the shape does not hold")
        if (name == "include") != condition:
            return False
    return True
