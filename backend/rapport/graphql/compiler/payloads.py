"""Compiled mutation payloads: after the unit of work commits, the payload's objects are read by one statement.

A mutation's payload (`customerUpdate { customer { ...Fields } userErrors { ... } }`) names the objects the change
touched. The resolvers run the mutation; what they answer for each compiled object is only its id. The selection
below it is planned here as a root of its own - the object by id, through its type's row scope (the one
definition every path applies: `rapport.core.authz.scopes`) - and all of them are read afterwards in one
statement by the same SQL builder as any compiled read.

The document the resolvers run is the request's text with each compiled object's selection replaced by `{id}`
and padded with blanks (newlines kept), so every position - and every error's `locations` - stays what the client
sent; fragments and variables the replaced selections alone used are blanked too. That text must validate, or
nothing here applies.

Taken: a payload field of an object type with a declared row scope and a projection, selected plainly (no
directive, no fragment around it) in a root field without directives whose payload selects no fragments, when its
selection reaches past the object's own row (a relation: the resolvers would load it with further statements). An
object whose selection is its own columns is answered by the resolvers from the one row the mutation reads back,
which is one statement already. Anything else in the payload (`userErrors`, lists, objects of other types) the
resolvers answer as before, in the same response.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    NamedTypeNode,
    NameNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    parse,
    specified_rules,
    validate,
    visit,
)
from graphql.language import Visitor
from sqlalchemy import not_, select

from rapport.core.authz.scopes import row_scope, scoped_types
from rapport.core.principal import Principal
from rapport.graphql.compiler.catalog import Catalog
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.flatten import Shape, flat_selection
from rapport.graphql.compiler.nodes import Plan, RootPlan, plan_children
from rapport.graphql.compiler.plan import page_arguments, plan_object
from rapport.graphql.declare import Arguments, RootField, Rows

#: Field kinds the resolvers answer with statements of their own (loaders); a payload object selecting none of them
#: is answered from the one row the mutation reads back, and is left to them.
_LOADED = frozenset({"relation", "through"})


@dataclass(frozen=True)
class PayloadEntry:
    """One compiled object of a payload: where its value goes in the response, and the variable of its id."""

    root_key: str  # the mutation field's response key
    field_key: str  # the object's response key in the payload
    field_name: str  # the object's field in the payload type
    type_name: str
    variable: str  # the read's variable holding the object's global id (`Plan.roots` key: `read_key`)
    read_key: str


@dataclass(frozen=True)
class PayloadPlan:
    """What the resolvers run (`text`), and the plan of the one read that fills in each entry afterwards."""

    text: str
    entries: tuple[PayloadEntry, ...]
    plan: Plan


def plan_payloads(
    schema: GraphQLSchema,
    catalog: Catalog,
    query: str,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    shape: Shape,
    rules: Sequence[Any] = (),
) -> PayloadPlan | str:
    """The payload plan of a mutation for one shape, or why there is none."""
    if operation.operation is not OperationType.MUTATION or schema.mutation_type is None:
        return "not a mutation"
    if operation.directives or document.loc is None:
        return "directives on the operation"
    if validate(schema, document, [*specified_rules, *rules]):
        return "the document does not validate"
    entries: list[PayloadEntry] = []
    roots: list[RootPlan] = []
    replaced: list[tuple[int, int]] = []
    for root in operation.selection_set.selections:
        if not isinstance(root, FieldNode):
            return "fragments on the mutation root"
        if root.name.value == "__typename" or root.selection_set is None or root.directives:
            continue
        payload = schema.mutation_type.fields[root.name.value].type
        payload_type = payload.of_type if isinstance(payload, GraphQLNonNull) else payload
        selections = root.selection_set.selections
        if not isinstance(payload_type, GraphQLObjectType) or not all(isinstance(s, FieldNode) for s in selections):
            continue
        keys = [(s.alias or s.name).value for s in selections if isinstance(s, FieldNode)]
        if len(keys) != len(set(keys)):
            continue
        for node in selections:
            assert isinstance(node, FieldNode)
            try:
                found = _entry(schema, catalog, document, payload_type, node, shape, len(roots))
            except NotCompiled:
                continue
            if found is None or node.selection_set is None or node.selection_set.loc is None:
                continue
            span = node.selection_set.loc
            if span.end - span.start < 4:  # too short to hold `{id}`
                continue
            root_plan, type_name = found
            field_key = (node.alias or node.name).value
            key = root_plan.key
            entries.append(
                PayloadEntry(
                    (root.alias or root.name).value, field_key, node.name.value, type_name, f"__payload_{key}", key
                )
            )
            roots.append(root_plan)
            replaced.append((span.start, span.end))
    if not roots:
        return "no compiled object in the payload"
    try:
        blanked = _blanked(query, replaced)
    except NotCompiled as error:
        return str(error)
    text = _without_unused(blanked, operation.name.value if operation.name else None)
    if text is None:
        return "the reduced document does not validate"
    rewritten = parse(text)
    if validate(schema, rewritten, [*specified_rules, *rules]):
        return "the reduced document does not validate"
    read = OperationDefinitionNode(
        operation=OperationType.QUERY,
        name=operation.name,
        variable_definitions=(*(operation.variable_definitions or ()), *(_id_variable(e.variable) for e in entries)),
        directives=(),
        selection_set=SelectionSetNode(selections=tuple(r.node for r in roots)),
    )
    sensitive = any(c.sensitive_below for r in roots for c in plan_children(r))
    return PayloadPlan(text, tuple(entries), Plan(document, read, roots, sensitive, page_arguments(read)))


def _entry(
    schema: GraphQLSchema,
    catalog: Catalog,
    document: DocumentNode,
    payload_type: GraphQLObjectType,
    node: FieldNode,
    shape: Shape,
    index: int,
) -> tuple[RootPlan, str] | None:
    """The root plan reading one payload field's object by id, or None when the field is not one the compiler
    takes."""
    if node.directives or node.arguments or node.selection_set is None:
        return None
    definition = payload_type.fields.get(node.name.value)
    if definition is None:
        return None
    kind = definition.type.of_type if isinstance(definition.type, GraphQLNonNull) else definition.type
    if isinstance(kind, GraphQLList) or not isinstance(kind, GraphQLObjectType):
        return None
    type_name = kind.name
    projection = catalog.projections.get(type_name)
    if projection is None or type_name not in scoped_types() or row_scope(type_name).model is not projection.model:
        return None
    flat = flat_selection(schema, document, kind, node.selection_set, shape)
    child = plan_object(schema, catalog, type_name, flat)
    if not any(item.kind in _LOADED for item in child.fields):
        return None  # the resolvers answer it from the row they read back: one statement already
    key = f"p{index}"
    variable = f"__payload_{key}"
    synthetic = FieldNode(
        alias=NameNode(value=key),
        name=NameNode(value=node.name.value),
        arguments=(ArgumentNode(name=NameNode(value="id"), value=VariableNode(name=NameNode(value=variable))),),
        directives=(),
        selection_set=flat,
    )
    by_id = GraphQLField(kind, args={"id": GraphQLArgument(GraphQLNonNull(GraphQLID))})
    spec = RootField(
        type_name, "one", _by_id(type_name), arguments=frozenset({"id"}), global_id_arguments={"id": type_name}
    )
    coordinate = f"{payload_type.name}.{node.name.value}"
    return RootPlan(key, spec, synthetic, by_id, child, coordinate=coordinate), type_name


def _by_id(type_name: str) -> Any:
    """The rows of a payload's object: the one with this id if the caller may see it (its type's row scope, and
    not one that answers like a missing row, e.g. a merged customer's tombstone)."""

    def rows(principal: Principal | None, arguments: Arguments) -> Rows:
        scope = row_scope(type_name)
        conditions = [scope.model.id == arguments["id"], scope.visible(principal)]
        if scope.gone is not None:
            conditions.append(not_(scope.gone()))
        return Rows(select(scope.model).where(*conditions))

    return rows


def _id_variable(name: str) -> VariableDefinitionNode:
    return VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=name)),
        type=NonNullTypeNode(type=NamedTypeNode(name=NameNode(value="ID"))),
        directives=(),
    )


def _blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with each span (a selection set) replaced by `{id}` padded with blanks: every other position stays."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
        chars[start], chars[end - 1] = "{", "}"
        at = next((i for i in range(start + 1, end - 2) if chars[i] == " " and chars[i + 1] == " "), None)
        if at is None:
            raise NotCompiled("no room for `{id}` on one line")
        chars[at : at + 2] = ["i", "d"]
    return "".join(chars)


def _without_unused(text: str, operation_name: str | None) -> str | None:
    """`text` with the fragment definitions no operation spreads any more, and the chosen operation's variable
    definitions it no longer reads, blanked (positions kept). None when that cannot be done cleanly."""
    document = parse(text)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    used: set[str] = set()
    pending: list[Any] = list(operations)
    while pending:
        spreads = _spreads(pending.pop())
        for name in spreads - used:
            used.add(name)
            if name in fragments:
                pending.append(fragments[name])
    spans: list[Any] = [d.loc for name, d in fragments.items() if name not in used]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if len(chosen) != 1:
        return None
    operation = chosen[0]
    read = _variables(operation) | {v for name in used if name in fragments for v in _variables(fragments[name])}
    definitions = list(operation.variable_definitions or ())
    unused = [d for d in definitions if d.variable.name.value not in read]
    spans += [d.loc for d in unused]
    if definitions and len(unused) == len(definitions):
        first, last = definitions[0].loc, definitions[-1].loc
        if first is None or last is None:
            return None
        opening, closing = text.rfind("(", 0, first.start), text.find(")", last.end)
        if opening < 0 or closing < 0:
            return None
        spans.append(_Span(opening, closing + 1))
    chars = list(text)
    for span in spans:
        if span is None:
            return None
        for i in range(span.start, span.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _spreads(node: Any) -> set[str]:
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            found.add(spread.name.value)

    visit(node, Spreads())
    return found


def _variables(node: Any) -> set[str]:
    """The variables a selection set reads (not those its operation defines)."""
    found: set[str] = set()

    class Variables(Visitor):
        def enter_variable(self, variable: VariableNode, *_: Any) -> None:
            found.add(variable.name.value)

    visit(node.selection_set, Variables())
    return found
