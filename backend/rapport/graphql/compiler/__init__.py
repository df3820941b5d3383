"""Compiles known read operations into one SQL statement with the caller's policy applied.

A query whose every field is declared in a kind the compiler takes (`rapport.graphql.declare`: columns,
expressions, relations, sensitive values) becomes a plan once per query text and shape (its fragments and
`@include`/`@skip` flattened for the booleans they read: `rapport.graphql.compiler.flatten`):
each object a `json_build_object`, each relation a LATERAL subquery with the same order, limit and row scope
as its loader, the root field the same statement as its resolver. Per caller (their scope and the policy
version) the plan becomes SQL once; per request it is one round trip, and PostgreSQL returns the response's
JSON text. Encrypted fields come back as ciphertext and are decrypted, masked or audited in the application
exactly as the resolvers do (`rapport.core.authz.reveal`).

The compiler never decides access: the enforcement layer's check (`violations`) runs first, unchanged, and
anything the compiler does not know - a field without a projection, a selection below an interface or union,
another directive, an unusual argument, a merged customer's id - sends the operation to the ordinary
resolvers, which answer it the usual way. Both paths give the same response; tests hold them to it.
"""

from rapport.graphql.compiler.constants import literal_text
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.flatten import Shape, directive_variables, shape_of
from rapport.graphql.compiler.nodes import CompiledSql, ObjectPlan, Plan
from rapport.graphql.compiler.plan import page_sizes_within, plan_operation
from rapport.graphql.compiler.sql import cached_sql, sql_for
from rapport.graphql.compiler.variables import coerce_variables

__all__ = [
    "CompiledSql",
    "NotCompiled",
    "ObjectPlan",
    "Plan",
    "Shape",
    "cached_sql",
    "coerce_variables",
    "directive_variables",
    "literal_text",
    "page_sizes_within",
    "plan_operation",
    "shape_of",
    "sql_for",
]
