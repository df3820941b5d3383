"""What the policy governs: every field of every non-structural type of the served schema, and scoped types."""

from __future__ import annotations

from graphql import GraphQLObjectType, GraphQLSchema

from rapport.core.authz.enforce import is_structural

#: Type name -> its field names, filled from the served schema when it is built.
GOVERNED: dict[str, list[str]] = {}
#: Types with row scopes (own / team / related / all).
SCOPED_TYPES: set[str] = {"Customer"}


def catalogue(schema: GraphQLSchema) -> None:
    """Record the governed types and fields of a schema."""
    GOVERNED.clear()
    for name, gtype in sorted(schema.type_map.items()):
        if isinstance(gtype, GraphQLObjectType) and not is_structural(name):
            GOVERNED[name] = sorted(gtype.fields)


def is_governed(type_field: str) -> bool:
    """True for a `Type.field` of the served schema that the policy decides about."""
    type_name, _, field_name = type_field.partition(".")
    return field_name in GOVERNED.get(type_name, ())
