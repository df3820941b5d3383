"""How much of what the web app sends the compiler takes: each read operation of the trusted-documents manifest
(`rapport.graphql.trusted`), for every shape of the booleans its `@include`/`@skip` read, planned or not, and
why not (`rapport compiler-coverage`; `tests/graphql/test_app_coverage.py` holds it to a list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import parse

from rapport.graphql.compiler.flatten import directive_variables
from rapport.graphql.compiler.nodes import Plan
from rapport.graphql.compiler.plan import explain_operation
from rapport.graphql.trusted import TrustedDocuments

#: Read operations of the web app that cannot be one SQL statement, with the reason (the issue "Every operation
#: the web app sends runs compiled" allows these, and only these, to stay on the resolvers).
NOT_SQL: dict[str, str] = {
    "AdminDevInbox": "the development mail sink's messages are files on disk, not rows",
    "AdminPermissionMatrix": "the policy is the process's compiled Casbin model, not rows",
    "AdminRoles": "the policy is the process's compiled Casbin model, not rows",
    "Regions": "China's administrative regions ship as a table in code (rapport.core.regions)",
    "Survey": "answered to a survey link's holder, who is not signed in: anonymous callers never reach the "
    "compiler, whose SQL is built per signed-in caller",
}

#: Operations whose directives read more booleans than this are checked on their all-true and all-false shapes.
_MAX_SHAPE_BITS = 6


@dataclass(frozen=True)
class OperationCoverage:
    """One read operation of the web app: how many of its shapes compile, and why the others do not."""

    name: str
    shapes: int
    compiled: int
    reasons: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.compiled == self.shapes


def shape_bits(count: int) -> range:
    """The shapes checked of an operation whose directives read `count` booleans, as bit patterns: every one, or
    with more than six booleans the all-false and all-true shapes (every field the operation can select)."""
    if count <= _MAX_SHAPE_BITS:
        return range(2**count)
    return range(0, 2**count, 2**count - 1)


def app_coverage(schema: Any, documents: TrustedDocuments) -> list[OperationCoverage]:
    """Every read operation of the manifest, by name (`schema`: the assembled Strawberry schema)."""
    rules = tuple(getattr(schema, "limit_rules", ()))
    found = []
    for document in sorted(documents.by_hash.values(), key=lambda d: d.operation_name or d.hash):
        if document.operation_type != "query":
            continue
        parsed = parse(document.text)
        names = directive_variables(parsed)
        combinations = shape_bits(len(names))
        compiled, reasons = 0, []
        for bits in combinations:
            shape = tuple((name, bool(bits >> i & 1)) for i, name in enumerate(names))
            result = explain_operation(
                schema._schema,
                schema.catalog,
                document.text,
                document.operation_name,
                rules,
                document=parsed,
                shape=shape,
            )
            if isinstance(result, Plan):
                compiled += 1
            elif result not in reasons:
                reasons.append(result)
        found.append(
            OperationCoverage(document.operation_name or document.hash, len(combinations), compiled, tuple(reasons))
        )
    return found
