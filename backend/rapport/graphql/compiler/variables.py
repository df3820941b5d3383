"""A request's variables coerced exactly as the executor coerces them, without redoing per request what a plan fixes.

graphql-core's `get_variable_values` reads each variable's type from the document again on every call and walks
every value for its nesting depth before coercing it. The app's 360° read declares 41 `Boolean!` flags (one per
`@include`), so that was a third of a compiled request's Python. Here each plan's variable signatures are read
once, and a `Boolean` or `Boolean!` variable given a JSON boolean is taken as it is - which is all the built-in
Boolean scalar does with one (`coerce_boolean`). Every other variable, and every variable that is absent, null or
of another kind of value, goes through graphql-core itself, so there is one interpretation of what a value means.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLBoolean, GraphQLError, GraphQLNonNull, GraphQLSchema, VariableDefinitionNode
from graphql.execution.get_variable_signature import GraphQLVariableSignature, get_variable_signature
from graphql.execution.values import VariableValues, VariableValueSource, get_variable_values

from rapport.graphql.compiler.nodes import Plan

#: Per variable of a plan: its definition, its signature (None: graphql-core reports the definition) and whether a
#: JSON boolean is its coerced value.
_Signature = tuple[VariableDefinitionNode, GraphQLVariableSignature | None, bool]


def signatures(schema: GraphQLSchema, plan: Plan) -> tuple[_Signature, ...]:
    """The plan's variable signatures, read once per plan."""
    known = plan.variable_signatures
    if known is None:
        found: list[_Signature] = []
        for definition in plan.operation.variable_definitions or ():
            signature = get_variable_signature(schema, definition)
            if isinstance(signature, GraphQLError):
                found.append((definition, None, False))
                continue
            kind = signature.type
            named = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
            found.append((definition, signature, named is GraphQLBoolean and schema.get_type("Boolean") is named))
        known = plan.variable_signatures = tuple(found)
    return known


def coerce_variables(schema: GraphQLSchema, plan: Plan, inputs: Mapping[str, Any] | None) -> VariableValues | None:
    """The operation's variables coerced as the executor would; None when they do not coerce."""
    given = dict(inputs or {})
    sources: dict[str, VariableValueSource] = {}
    coerced: dict[str, Any] = {}
    rest: list[VariableDefinitionNode] = []
    for definition, signature, boolean in signatures(schema, plan):
        value = given.get(definition.variable.name.value)
        if boolean and signature is not None and value.__class__ is bool:
            sources[signature.name] = VariableValueSource(signature, value)
            coerced[signature.name] = value
        else:
            rest.append(definition)
    if rest:
        result = get_variable_values(schema, rest, given)
        if isinstance(result, list):
            return None
        sources.update(result.sources)
        coerced.update(result.coerced)
    return VariableValues(sources, coerced)
