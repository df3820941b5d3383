"""Planning: a query text becomes a tree of the fields it selects and how SQL produces each (once per text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NameNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.language import Visitor

from rapport.graphql.compiler.catalog import Catalog, CompiledRelation, Projection
from rapport.graphql.compiler.encode import encoder
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.flatten import Shape, flatten
from rapport.graphql.compiler.nodes import (
    PAGE_INFO_FIELDS,
    ConnectionPart,
    FieldPlan,
    ObjectPlan,
    Plan,
    RootPlan,
    plan_children,
)

_KEY = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")
#: json_build_object takes at most 100 arguments: 50 keys and values.
MAX_FIELDS_PER_OBJECT = 50


def plan_operation(
    schema: GraphQLSchema,
    catalog: Catalog,
    query: str,
    operation_name: str | None,
    rules: Sequence[Any] = (),
    max_tokens: int | None = None,
    document: DocumentNode | None = None,
    shape: Shape = (),
) -> Plan | None:
    """The plan of a query text for one shape (the booleans its `@include`/`@skip` read:
    `rapport.graphql.compiler.flatten`), or None when it is not for the compiler (invalid ones included).

    `document` is the text already parsed, when the caller has it.
    """
    found = explain_operation(schema, catalog, query, operation_name, rules, max_tokens, document, shape)
    return found if isinstance(found, Plan) else None


def explain_operation(
    schema: GraphQLSchema,
    catalog: Catalog,
    query: str,
    operation_name: str | None,
    rules: Sequence[Any] = (),
    max_tokens: int | None = None,
    document: DocumentNode | None = None,
    shape: Shape = (),
) -> Plan | str:
    """`plan_operation`, saying why when there is no plan (the coverage report names the reasons)."""
    if document is None:
        try:
            document = parse(query, no_location=False, max_tokens=max_tokens)
        except GraphQLError:
            return "the document does not parse"
    if validate(schema, document, [*specified_rules, *rules]):
        return "the document does not validate"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None and len(operations) == 1:
        operation = operations[0]
    else:
        matching = [o for o in operations if o.name is not None and o.name.value == operation_name]
        if len(matching) != 1:
            return "no single operation of that name"
        operation = matching[0]
    if operation.operation is not OperationType.QUERY:
        return f"a {operation.operation.value}"
    if operation.directives:
        return "directives on the operation"
    try:
        flat = flatten(schema, document, operation, shape)
        typenames = tuple(
            (node.alias or node.name).value for node in _fields(flat.selection_set) if node.name.value == "__typename"
        )
        roots = _plan_roots(schema, catalog, flat.selection_set)
    except NotCompiled as error:
        return str(error)
    # The guard reads `document` (the request as sent, with the request's variables); the SQL reads `flat`.
    sensitive = any(c.sensitive_below for r in roots for c in plan_children(r))
    return Plan(document, flat, roots, sensitive, page_arguments(flat), typenames)


def page_arguments(operation: OperationDefinitionNode) -> tuple[int | str, ...]:
    found: list[int | str] = []

    class Pages(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
            if node.name.value in ("first", "last"):
                if isinstance(node.value, IntValueNode):
                    found.append(int(node.value.value))
                elif isinstance(node.value, VariableNode):
                    found.append(node.value.name.value)

    visit(operation, Pages())
    return tuple(found)


def page_sizes_within(plan: Plan, variables: Mapping[str, Any] | None, limit: int) -> bool:
    """Whether every `first`/`last` is within the configured page size (as `rapport.graphql.ranges` checks it)."""
    for argument in plan.page_arguments:
        value = argument if isinstance(argument, int) else (variables or {}).get(argument)
        if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= limit:
            return False
    return True


def _fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    if selection_set is None:
        raise NotCompiled("a selection set is missing")
    result: list[FieldNode] = []
    keys: set[str] = set()
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise NotCompiled("fragments and directives are left to the resolvers")
        key = (selection.alias or selection.name).value
        if key in keys or not _KEY.fullmatch(key):
            raise NotCompiled("a response key repeats")
        keys.add(key)
        result.append(selection)
    if len(result) > MAX_FIELDS_PER_OBJECT:
        raise NotCompiled("too many fields for one json_build_object")
    return result


def _plan_roots(schema: GraphQLSchema, catalog: Catalog, selection_set: SelectionSetNode) -> list[RootPlan]:
    query_type = schema.query_type
    assert query_type is not None
    roots = []
    for node in _fields(selection_set):
        name = node.name.value
        if name == "__typename":
            continue  # Plan.typename_keys
        spec = catalog.roots.get(name)
        definition = query_type.fields.get(name)
        if spec is None or definition is None:
            raise NotCompiled(f"root field {name} is not compiled")
        _check_arguments(node, spec.arguments)
        key = (node.alias or node.name).value
        if spec.shape == "scalar":
            if node.selection_set is not None:
                raise NotCompiled(f"root field {name} selects below a scalar")
            roots.append(RootPlan(key, spec, node, definition, None, (), encoder(definition.type)))
            continue
        if spec.shape == "json":
            roots.append(RootPlan(key, spec, node, definition, _plan_json(schema, spec.target, node.selection_set)))
            continue
        if spec.shape == "connection":
            child, keys = _plan_connection(schema, catalog, spec.target, node, definition)
        else:
            child, keys = _plan_object(schema, catalog, spec.target, node.selection_set), ()
        roots.append(RootPlan(key, spec, node, definition, child, keys))
    return roots


def _plan_json(schema: GraphQLSchema, type_name: str, selection_set: SelectionSetNode | None) -> ObjectPlan:
    """The selection of an object read from a JSON answer (`rapport.graphql.json_roots`): each field by its name."""
    graphql_type = schema.get_type(type_name)
    if not isinstance(graphql_type, GraphQLObjectType):
        raise NotCompiled(f"type {type_name} is not an object type")
    fields: list[FieldPlan] = []
    for node in _fields(selection_set):
        name, key = node.name.value, (node.alias or node.name).value
        if name == "__typename":
            fields.append(FieldPlan(key, name, "typename", node))
            continue
        definition = graphql_type.fields.get(name)
        if definition is None or node.arguments:
            raise NotCompiled(f"{type_name}.{name} is not compiled")
        inner = get_named_type(definition.type)
        child = _plan_json(schema, inner.name, node.selection_set) if isinstance(inner, GraphQLObjectType) else None
        fields.append(FieldPlan(key, name, "json", node, definition, child=child))
    return ObjectPlan(Projection(type_name, type(None), type_name), fields)


def _check_arguments(node: FieldNode, allowed: frozenset[str]) -> None:
    for argument in node.arguments or ():
        if argument.name.value not in allowed:
            raise NotCompiled(f"argument {argument.name.value} is not compiled")


def _plan_connection(
    schema: GraphQLSchema,
    catalog: Catalog,
    target: str,
    node: FieldNode,
    definition: GraphQLField,
    members: Callable[[], Mapping[str, str]] | None = None,
) -> tuple[ObjectPlan, tuple[ConnectionPart, ...]]:
    connection = get_named_type(definition.type)
    assert isinstance(connection, GraphQLObjectType)
    parts: list[ConnectionPart] = []

    def nodes(selection: SelectionSetNode | None) -> ObjectPlan:
        """The plan of the connection's nodes: objects of the target type, or a `@merged` union's members."""
        if members is not None:
            return _plan_union(schema, catalog, target, selection, members())
        return _plan_object(schema, catalog, target, selection)

    for inner in _fields(node.selection_set):
        key, name = (inner.alias or inner.name).value, inner.name.value
        if name == "nodes":
            parts.append(ConnectionPart(key, name, child=nodes(inner.selection_set)))
        elif name == "edges":
            edge = get_named_type(connection.fields["edges"].type)
            fields, child = [], None
            for item in _fields(inner.selection_set):
                if item.name.value == "node" and child is None:
                    child = nodes(item.selection_set)
                elif item.name.value not in ("cursor", "__typename"):
                    raise NotCompiled(f"edge field {item.name.value} is not compiled")
                fields.append(((item.alias or item.name).value, item.name.value))
            parts.append(ConnectionPart(key, name, tuple(fields), child, edge.name))
        elif name == "pageInfo":
            fields = [((item.alias or item.name).value, item.name.value) for item in _fields(inner.selection_set)]
            if any(field not in PAGE_INFO_FIELDS for _, field in fields):
                raise NotCompiled("an unknown field of pageInfo")
            parts.append(ConnectionPart(key, name, tuple(fields)))
        elif name in ("__typename", "totalCount"):
            parts.append(ConnectionPart(key, name, typename=connection.name))
        else:
            raise NotCompiled(f"connection field {name} is not compiled")
    children = [part.child for part in parts if part.child is not None]
    # The object plan standing for the connection's nodes (policy checks walk every part: `plan_children`).
    if children:
        child = children[0]
    elif members is not None:
        child = _plan_union(schema, catalog, target, SelectionSetNode(selections=()), {})
    else:
        child = _plan_object(schema, catalog, target, None, allow_empty=True)
    return child, tuple(parts)


def plan_object(
    schema: GraphQLSchema, catalog: Catalog, type_name: str, selection_set: SelectionSetNode | None
) -> ObjectPlan:
    """The plan of an object's (flattened) selection (a mutation payload's object: `compiler.payloads`)."""
    return _plan_object(schema, catalog, type_name, selection_set)


def _plan_union(
    schema: GraphQLSchema,
    catalog: Catalog,
    union: str,
    selection_set: SelectionSetNode | None,
    members: Mapping[str, str],
) -> ObjectPlan:
    """The nodes of a `@merged` connection: for each entry kind, its member type's plan of what the flattened
    selection selects on it (`flatten._members`), as a field of kind `member` keyed by the entry kind."""
    if selection_set is None:
        raise NotCompiled("a selection set is missing")
    selected = {
        s.type_condition.name.value: s.selection_set
        for s in selection_set.selections
        if isinstance(s, InlineFragmentNode) and s.type_condition is not None
    }
    fields: list[FieldPlan] = []
    for kind, type_name in members.items():
        if type_name not in selected:
            raise NotCompiled(f"{type_name} is not a member of {union}")
        child = _plan_object(schema, catalog, type_name, selected[type_name])
        if child.sensitive_below:
            raise NotCompiled(f"a sensitive, rendered or given field of {type_name} below {union}")
        fields.append(FieldPlan(kind, type_name, "member", FieldNode(name=NameNode(value=type_name)), child=child))
    return ObjectPlan(Projection(union, type(None), union), fields, union=True)


def _plan_object(
    schema: GraphQLSchema,
    catalog: Catalog,
    type_name: str,
    selection_set: SelectionSetNode | None,
    *,
    allow_empty: bool = False,
) -> ObjectPlan:
    projection = catalog.projections.get(type_name)
    graphql_type = schema.get_type(type_name)
    if projection is None or not isinstance(graphql_type, GraphQLObjectType):
        raise NotCompiled(f"type {type_name} has no projection")
    fields: list[FieldPlan] = []
    sensitive_below = False
    for node in [] if allow_empty and selection_set is None else _fields(selection_set):
        name, key = node.name.value, (node.alias or node.name).value
        definition = graphql_type.fields.get(name)
        if name == "__typename":
            fields.append(FieldPlan(key, name, "typename", node))
            continue
        if definition is None:
            raise NotCompiled(f"unknown field {type_name}.{name}")
        if name == "id":
            fields.append(FieldPlan(key, name, "id", node, definition))
        elif name in projection.sensitive:
            fields.append(FieldPlan(key, name, "sensitive", node, definition, sensitive=projection.sensitive[name]))
            sensitive_below = True
        elif name in projection.rendered:
            # Text, or objects (`Rendered`) whose selection is projected from their JSON form, as a given value's.
            inner = get_named_type(definition.type)
            selects = isinstance(inner, GraphQLObjectType)
            if node.arguments or (node.selection_set is not None) != selects:
                raise NotCompiled("a rendered field with arguments or a selection")
            child = _plan_json(schema, inner.name, node.selection_set) if selects else None
            rendered = projection.rendered[name]
            fields.append(FieldPlan(key, name, "rendered", node, definition, rendered=rendered, child=child))
            sensitive_below = True  # rendered after the statement, as sensitive values are revealed
        elif name in projection.given:
            inner = get_named_type(definition.type)
            if node.arguments or not isinstance(inner, GraphQLObjectType):
                raise NotCompiled(f"{type_name}.{name} is not compiled")
            child = _plan_json(schema, inner.name, node.selection_set)
            fields.append(FieldPlan(key, name, "given", node, definition, given=projection.given[name], child=child))
            sensitive_below = True  # given after the statement, as sensitive values are revealed
        elif name in projection.relations:
            spec = projection.relations[name]
            _check_arguments(node, spec.arguments)
            if spec.shape == "connection":
                child, keys = _plan_connection(schema, catalog, spec.target, node, definition, spec.members)
            else:
                child, keys = _plan_object(schema, catalog, spec.target, node.selection_set), ()
            item = FieldPlan(key, name, "relation", node, definition, relation=spec, child=child, connection_keys=keys)
            sensitive_below = sensitive_below or any(c.sensitive_below for c in plan_children(item))
            fields.append(item)
        elif name in projection.json:
            inner = get_named_type(definition.type)
            if node.arguments or not isinstance(inner, GraphQLObjectType):
                raise NotCompiled(f"{type_name}.{name} is not compiled")
            child = _plan_json(schema, inner.name, node.selection_set)
            fields.append(FieldPlan(key, name, "derived_json", node, definition, projection.json[name], child=child))
        elif name in projection.through:
            fields.append(_plan_through(catalog, key, node, definition, *projection.through[name]))
        elif name in projection.columns:
            if node.arguments or node.selection_set is not None:
                raise NotCompiled("a plain field with arguments or a selection")
            column = projection.columns[name]
            if isinstance(column, str) and not hasattr(projection.model, column):
                raise NotCompiled(f"{type_name}.{name} has no column")
            fields.append(
                FieldPlan(key, name, "column", node, definition, column=column, encode=encoder(definition.type))
            )
        else:
            raise NotCompiled(f"{type_name}.{name} is not compiled")
    return ObjectPlan(projection, fields, sensitive_below)


def _plan_through(
    catalog: Catalog, key: str, node: FieldNode, definition: GraphQLField, relation: CompiledRelation, field: str
) -> FieldPlan:
    """A value of the one row a relation gives: the target's column (or expression) in a scalar subquery."""
    target = catalog.projections.get(relation.target)
    column = None if target is None else target.columns.get(field)
    if target is None or column is None or node.arguments:
        raise NotCompiled(f"{definition.description or key} is not compiled")
    child = ObjectPlan(target, [])
    encode = encoder(definition.type)
    return FieldPlan(key, node.name.value, "through", node, definition, column, encode, relation=relation, child=child)
